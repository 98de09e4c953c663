export { errorHandler, notFoundHandler, HttpError, errorBody, statusFor, type ErrorBody } from "./errorHandler.js";
export { validateBody, parseBody, describeIssues } from "./validate.js";
