export { adjustScore } from "./adjust-score";
export { publishScoreMonth } from "./publish-score-month";
export { raiseObjection } from "./raise-objection";
export { answerObjection } from "./answer-objection";
