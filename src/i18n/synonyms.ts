/** Extra words accepted for a button, in every language (data, not a switch). */
export const SYNONYMS: Record<string, readonly string[]> = {
  "button.yes": ["是", "是的", "对", "对的", "好", "好的", "可以", "愿意", "嗯", "yes", "y", "yeah", "yep", "ok", "okay", "sure"],
  "button.no": ["否", "不", "不是", "不对", "不愿意", "不行", "no", "n", "nope"],
  "disclosure.continue": ["继续", "好", "好的", "开始", "可以", "明白", "知道了", "嗯", "ok", "okay", "continue", "yes", "start", "go on"],
  "summary.confirm": ["正确", "对", "对的", "没错", "是的", "确认", "yes", "correct", "right", "ok"],
  "summary.correct": ["修改", "改", "不对", "change", "edit", "correct something", "no"],
  "terms.confirm": ["同意", "我同意", "确认", "agree", "i agree", "confirm", "yes"],
  "terms.back": ["返回", "back", "go back"],
};
