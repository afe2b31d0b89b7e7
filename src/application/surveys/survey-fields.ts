import { type Question, type Survey } from "../../domain/survey/survey.js";
import { CreateSurveyInput, toSurveyView } from "./survey-schemas.js";

export type QuestionInput = NonNullable<CreateSurveyInput["questions"]>[number];

export const toQuestion = (input: QuestionInput): Question =>
  input.kind === "choice"
    ? { id: input.id, kind: "choice", text: input.text, required: input.required ?? false, options: input.options }
    : { id: input.id, kind: input.kind, text: input.text, required: input.required ?? false };

export const surveyEventPayload = (survey: Survey) => ({ survey: toSurveyView(survey) });
