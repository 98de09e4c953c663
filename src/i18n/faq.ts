/**
 * The approved questions the bot may answer mid-flow (POLICY.md §6 "Repair, not loops"): each topic
 * is recognised by words in either language and answered from the catalogs (`faq.<topic>`), then
 * the flow resumes. A question that fits no topic is offered a person; it is never an unusable input.
 */
export const FAQ_TOPICS = ["credit_report", "interest_fees", "after_agreeing", "after_deferral", "no_rush"] as const;
export type FaqTopic = (typeof FAQ_TOPICS)[number];

const PATTERNS: Record<FaqTopic, RegExp> = {
  credit_report: /(征信|信用记录|信用报告|上征信|黑名单|credit (report|score|record|rating|history|file)|credit bureau|blacklist)/i,
  interest_fees: /((利息|罚息|手续费|费用|滞纳金).{0,12}(还|会|要|怎么|吗|么|继续|算|收|停)|(还|会|要|继续|停).{0,8}(利息|罚息|手续费|滞纳金)|\b(interest|fees?|charges?|penalt(y|ies))\b.{0,40}\?|\b(do|does|will|is|are)\b.{0,30}\b(interest|fees?|charges?|penalt(y|ies))\b)/i,
  after_agreeing: /((同意|签|达成).{0,6}(之后|以后|后).{0,10}(怎么|会|什么|要)|what happens (after|once|when) (i|we) (agree|sign|accept)|after (i|we) (agree|sign|accept)|once (i|it'?s) (agreed|signed))/i,
  after_deferral: /((延期|暂停|缓).{0,8}(结束|到期|之后|以后|完了)|(after|when|once) the (deferral|pause|break|holiday) (ends|is over|finishes)|after the deferral|when the deferral)/i,
  no_rush: /((现在|马上|今天|立刻).{0,6}(就)?(要|得|必须).{0,6}(同意|决定|选|确认)|(必须|一定要).{0,4}(现在|马上|今天)|(do|must) i have to (agree|decide|choose|sign) (now|today|right now)|can i (think|decide|come back) (about it |it over )?(later|tomorrow)|(need|have) to decide now)/i,
};

/** The approved topic a question is about, or null. */
export function faqTopic(text: string): FaqTopic | null {
  const input = text.normalize("NFKC");
  return FAQ_TOPICS.find((topic) => PATTERNS[topic].test(input)) ?? null;
}

/** Whether the words are a question at all (a question mark, or a question word). */
export function looksLikeQuestion(text: string): boolean {
  return /[?？]|吗|么|呢$|怎么|为什么|什么|多少|能不能|可不可以|是否|^(what|why|how|when|where|who|which|can|could|do|does|will|would|is|are|should)\b/i.test(text.normalize("NFKC").trim());
}
