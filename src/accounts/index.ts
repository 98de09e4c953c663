export {
  type AccountDirectory,
  type IdentityClaim,
  type VerifiedAccount,
  JsonAccountDirectory,
  createAccountDirectory,
  loadAccountDirectory,
  DEMO_ACCOUNTS_FILE,
  normaliseAccountLast4,
  normaliseIdLast4,
} from "./directory.js";
export { VerificationSecrets } from "./verificationSecrets.js";
