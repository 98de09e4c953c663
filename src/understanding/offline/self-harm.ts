/**
 * The dedicated self-harm detector of the offline classifier (POLICY.md §7: `self_harm_risk`
 * must never be missed). It favours recall: a false alarm costs a welfare hand-off, a miss can
 * cost a life. It works on normalised text (see normalize.ts) in four steps:
 *
 *  1. Idioms that use death words as intensifiers (累死了, 笑死, 气死我了, 死活, 死扛,
 *     "this debt is killing me", "dying to", "dead tired", "my boss will kill me") are masked
 *     out first, so they can neither fire a cue nor hide one.
 *  2. Direct cues (lexicon.ts `SELF_HARM`): wanting to die, not wanting to live, suicide and
 *     self-harm words, methods (安眠药, 烧炭, 跳楼, pills, rope, overdose), farewells (遗书,
 *     永别, "goodbye everyone"), burden phrasing (没有我会更好, "better off without me").
 *  3. Concept co-occurrence: a leaving / dying concept together with a burden, farewell or
 *     apology concept, a first-person "if I died" frame, a method word with a preparation
 *     word ("绳子准备好了", "I have the rope ready"), joining a dead relative.
 *  4. Nothing here is ever negated away: "我不是不想还，但我真的不想活了" still fires.
 */
import { SELF_HARM, type Pattern } from "./lexicon.js";
import { findHits } from "./matcher.js";
import { aboutSomeoneElse, conceptHits, maskContexts, UNMASKED_WISH } from "./self-harm-concepts.js";

/**
 * Death words used as intensifiers or about other things. Replaced by a neutral mark before
 * matching. 想死 is deliberately NOT here (想死你了 is handled in the cue itself).
 */
const IDIOMS_ZH =
  /(累|笑|饿|忙|气|烦|热|冷|困|吓|急|穷|痛|疼|丑|美|帅|羡慕|无聊|尴尬|丢|憋|闷|难受|恶心|折腾|坑|害|愁|心疼|馋|渴|挤|晒|吵|冤|紧张|激动|开心|高兴|乐|爽|舒服|麻烦|贵|困|懒|蠢|笨|傻|烫|辣|咸|甜|臭|丢人|醉|撑|晕|堵|卡|忙活)(死)(了|我了|我|人了|人|啦|掉了|的|个)?|死(活|扛|撑|磕|贵|机|心眼|心塌地|缠烂打|皮赖脸|记硬背|党|忠|定了|对头|胡同|板|沉|命(地|的)?(干|工作|加班|还|赚|挣)|要面子)|要死了(?=.{0,12}(这|工资|怎么办|又|还|账单|利息|逾期|钱|月))|(?<!我)(快|都|真|简直)?要死了(?=[!！~～啊呀哦]|$)|杀了我也(没|拿不出|还不)|打死(我)?(也|都)(不|没)|(老板|老婆|老公|我妈|我爸|领导|爸妈)(会|要|得)?(杀|打死|骂死|弄死)(了)?我|(差点|吓得)(没)?(死|吓死)|(手机|电脑|app|页面|系统|软件|网页)(又)?(卡|死机|死了)|死机|卡死|跳楼(价|甩卖|大甩卖|清仓|促销|秒杀|折扣|批发)|往死里(打|催|骂|逼|整|折腾)|哭死|《[^》]{0,20}》/gu;

const IDIOMS_EN =
  /\b(is|are|was|were|'s|'re|it'?s) killing me\b|\bkilling (me|my (credit|budget|score|wallet|back|feet))\b|\bdying (to|for|of (laughter|boredom|embarrassment|curiosity))\b|\bdead (tired|serious|slow|end|wrong|broke|beat|set|on|battery|line|weight|zone|air|quiet)\b|\bdeadline|\bdrop[- ]dead\b|\b(kill|killed) for (a|an|some|the)\b|\bto die for\b|\b(bored|scared|worried|sick|tired|frightened|freaked|stressed) to death\b|\b(boss|wife|husband|mum|mom|dad|mother|father|partner|manager|parents|girlfriend|boyfriend|he|she|they) (will|would|is going to|'?s going to|gonna|'?ll|is gonna) (kill|murder) me\b|\bi'?m dead (lol|lmao|haha|😂)|\blol i'?m dead\b|\b(phone|battery|laptop|car|engine|app|chat|line|account|site|website|server|conversation|card|plant|crops?|dog|cat|pet|fish|tree|garden|lawn|flowers?)s? (is |are |was |were |has |have |just |all |about to |gonna |going to )*(die|died|dead|dying)\b|\b(almost|nearly|practically|literally) (died|had a heart attack)\b|\bover my dead body\b|\bkilling myself (working|at work|with (work|overtime|extra shifts|two jobs)|over ?time|to (pay|make|keep|get))|\b(i'?d|i would) (rather|sooner) die than (miss|be late|default|not pay|owe)|\bwork(ing)? myself to death\b|\bkill (the|this|that) (call|chat|autopay|direct debit|card|subscription|fees?)\b|\b(dead|died) (in|on) (the )?(water|arrival)\b|\b(i'?m|im|i am) (literally )?dead(?=\s*(💀|😂|🤣|😭|lol|lmao|haha|rofl|$))|\b(i'?d|id|i would|i'?ll|ill) (literally )?die for (a|an|some|one)\b/gu;

/** Concepts for co-occurrence rules; each pair must both be present (after masking). */
const LEAVING_ZH = /我(也)?(就|先|要|准备|该)?走了|先走(了|一步)|走一步|早点走|离开(这个世界|人世|你们|大家|家人)|(我|就)不在了|解脱|去死|我死了|消失|一走了之|去那边|去天上|睡过去|不(再)?醒/u;
const LEAVING_EN = /\b(gone|go away|leave (this|for good|forever)|not be (here|around)|die|dead|disappear|end it|be over)\b/u;
const BURDEN_ZH = /拖累|累赘|负担|连累|包袱|害了(家人|家里|孩子|大家)|给(家里|家人|大家|孩子)添麻烦|没用的人|废物/u;
const BURDEN_EN = /\b(burden|drag (on|down)|dead weight|useless to (everyone|them))\b/u;
const FAREWELL_ZH = /对不起(大家|所有人|家人|家里|爸妈|父母|你们|孩子|老婆|老公|妈妈|爸爸|女儿|儿子)|照顾好(自己|孩子|爸妈|我妈|我爸)|再见了|永别|最后一次(说|联系|跟你们)|(告诉|转告)(我的?)?(女儿|儿子|孩子|家人|老婆|老公|爸妈|父母|妈|爸).{0,10}(爱|对不起|别(难过|哭|怪))|以后(就)?没人(用|接)/u;
const FAREWELL_EN = /\b(goodbye|farewell|bye) (everyone|everybody|all|world|forever|cruel)\b|\bsorry for everything\b|\btell (my|our) (kids|children|son|daughter|wife|husband|family|mum|mom|dad|parents) (i|that i) (love|am sorry|'?m sorry)\b|\bthis is my last message\b|\blast (time|message) (you'?ll|you will) hear from me\b/u;
const DECEASED_ZH = /去世|过世|走了|不在了|离开了|没了|天上|那边|在天之灵/u;
const JOIN_RELATIVE_ZH = /(去|想去|要去|想|要)(天上|那边|地下)?陪(我)?(的)?(爸|妈|父亲|母亲|奶奶|爷爷|外婆|外公|老公|老婆|丈夫|妻子|孩子|儿子|女儿|他|她)/u;
const JOIN_RELATIVE_EN = /\b(be|join|see) (with )?(my|our) (late )?(mum|mom|mother|dad|father|wife|husband|son|daughter|child|baby|brother|sister|grandma|grandpa|parents) (again|soon|in heaven|up there|on the other side)\b|\bjoin (my|our) (late )?(mum|mom|mother|dad|father|wife|husband|son|daughter|child|baby|parents)\b/u;

/** Co-occurrence rules: every listed regex must match somewhere in the (masked) text. */
const COMBINATIONS: readonly (readonly RegExp[])[] = [
  [BURDEN_ZH, LEAVING_ZH],
  [BURDEN_EN, LEAVING_EN],
  [FAREWELL_ZH, LEAVING_ZH],
  [FAREWELL_EN],
  [JOIN_RELATIVE_ZH, DECEASED_ZH],
  [JOIN_RELATIVE_EN],
];

/** Replaces death-word idioms by a neutral mark so they cannot fire a cue. Exported for tests. */
export function maskIdioms(normalised: string): string {
  return normalised.replace(IDIOMS_ZH, "〇").replace(IDIOMS_EN, " ~ ");
}

export interface SelfHarmAnalysis {
  readonly flagged: boolean;
  /** The cue sources that fired (pattern sources or `combo:<n>`), for tests and debugging. */
  readonly cues: readonly string[];
}

export function detectSelfHarm(normalised: string, patterns: readonly Pattern[] = SELF_HARM): SelfHarmAnalysis {
  const masked = maskIdioms(normalised);
  // A lexicon cue whose clause is about someone else only ("我爸跳河救人", "my son overdosed")
  // is not the borrower's own risk.
  const ctx = maskContexts(masked);
  const cues: string[] = findHits(ctx, patterns)
    .filter((h) => !aboutSomeoneElse(ctx, h.index))
    .map((h) => h.pattern.re.slice(0, 40));
  COMBINATIONS.forEach((combo, i) => {
    if (combo.every((re) => re.test(masked))) cues.push(`combo:${i}`);
  });
  // 5. The recall-first concept layer (self-harm-concepts.ts): death / ending / leaving /
  //    farewell / method concepts with a first-person or plan frame, by construction rather
  //    than by listing phrases.
  for (const h of conceptHits(masked)) cues.push(`concept:${h.name}`);
  if (UNMASKED_WISH.test(normalised)) cues.push("concept:unmasked-wish");
  return { flagged: cues.length > 0, cues };
}
