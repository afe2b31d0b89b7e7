import { escapeHtml } from "../../domain/shared/html.js";

/**
 * The frame every server-rendered page shares: a mobile viewport, the title as heading, the body
 * in <main>. `head` adds what a page needs beside it (its style, a robots rule), already escaped.
 */
export function htmlShell(lang: string, title: string, head: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${head}
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}
