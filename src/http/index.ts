export { errorHandler, notFoundHandler, HttpError, errorBody, statusFor, classifyError, type ErrorBody } from "./errorHandler.js";
export { validateBody, parseBody, describeIssues } from "./validate.js";
export { jsonBody, jsonDepthExceeds, MAX_JSON_DEPTH } from "./json.js";
export { safeDecodeURIComponent, safeRequestUrl } from "./decode.js";
