import { newSurvey, type Survey, type SurveyFields } from "../../src/domain/survey/survey.js";

/** A survey the test knows to be valid; a broken fixture fails loudly. */
export function validSurvey(identity: { id: string; workspaceId: string; now: Date }, fields: SurveyFields): Survey {
  const created = newSurvey(identity, fields);
  if (!created.ok) throw new Error(`invalid survey fixture: ${created.error.map((issue) => `${issue.path} ${issue.message}`).join("; ")}`);
  return created.value;
}
