/** Dialog and prompt ids: constants, never inline strings (core-bot habit). */
export const MAIN_DIALOG = "mainDialog";
export const MAIN_WATERFALL = "mainWaterfall";
export const REVIEW_WATERFALL = "reviewWaterfall";
export const DISCLOSURE_DIALOG = "disclosureDialog";
export const VERIFY_IDENTITY_DIALOG = "verifyIdentityDialog";
export const HARDSHIP_DIALOG = "hardshipDialog";
export const SUMMARY_DIALOG = "summaryDialog";
export const OFFERS_DIALOG = "offersDialog";
export const WATERFALL = "waterfall";

export const CHOICE_PROMPT = "choicePrompt";
export const AMOUNT_PROMPT = "amountPrompt";
export const ACCOUNT_LAST4_PROMPT = "accountLast4Prompt";
export const ID_LAST4_PROMPT = "idLast4Prompt";
export const FREE_TEXT_PROMPT = "freeTextPrompt";
