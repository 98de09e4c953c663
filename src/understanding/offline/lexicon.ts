import type { Intent, Vulnerability } from "../../domain/classification.js";
import type { Reason } from "../../domain/case.js";

/**
 * Curated bilingual lexicons (zh-CN and en) for the offline classifier. Patterns run on
 * normalised text (see normalize.ts: NFKC, lower case, simplified characters), so they are
 * written in lower case and simplified Chinese. Each pattern is a regular-expression source;
 * `w` is its weight (1 = on its own enough to decide the label, 0.5 = a hint), and
 * `negatable: false` marks patterns whose meaning does not flip when a negation precedes
 * them (self-harm: a mention is never ignored).
 */
export interface Pattern {
  readonly re: string;
  readonly w?: number;
  readonly negatable?: boolean;
  /** `plan`: names a repayment arrangement; alone with a definition question it is a question. */
  readonly tag?: "plan";
}

const p = (re: string, w = 1): Pattern => ({ re, w });
const plan = (re: string): Pattern => ({ re, w: 1, tag: "plan" });
const hint = (re: string): Pattern => ({ re, w: 0.5 });

// ---------------------------------------------------------------------------------------
// Self-harm: recall first. Idioms like 累死了 / 笑死 / "this debt is killing me" are not here.
// ---------------------------------------------------------------------------------------
export const SELF_HARM: readonly Pattern[] = [
  // zh
  "不想活|不愿活|不想再活|不要活了|活不下去|活不成了|活不了了|不活了",
  "活着.{0,8}(没|没有|毫无|有什么|有啥|有何)(任何|什么|啥)?(意思|意义|盼头|希望|必要|用)|活着(就是|只是)?(个)?(累赘|拖累)",
  "结束(这|这一|掉|掉这)?(一切|所有)|不想(再)?活下去|活下去(的)?(没|没有|毫无)(意思|意义|希望|必要|勇气)|没(有)?(勇气|力气|理由)活|活(着|得)(太|好|真|很)?(累|痛苦|煎熬)|人生(没|没有|毫无)(意思|意义|希望)|寻短见|短见|想消失|从(这个)?世界(上)?消失|没有我.{0,6}(更好|轻松|解脱)|我(不在|走了|死了)(以后|之后)?.{0,6}(更好|解脱|轻松)|割(手|腕|脉)|喝(农)?药|开煤气|吃药(自杀|结束|了断|去死|走)|(一|整)(瓶|板|盒|把)(药|安眠药)|死(掉|了)?(算了|就好|也好|拉倒|罢了)|活够了|活腻了|生无可恋|生不如死|不如死了|不如一死|一死了之|死了(算了|干净|好了|最好)|死了(就|也就)?(一了百了|解脱|不用还|没事了)|死了.{0,8}(保险|赔偿金)",
  "一了百了|轻生|自杀|自尽|寻死|求死|自残|自伤|伤害自己|割腕|上吊|跳楼|跳河|跳江|跳海|跳桥|卧轨|烧炭|服毒|农药|安眠药|吞药|一瓶药",
  "(?<!你|你们|他|他们|她)想死(?!你)|(?<!你|你们|他|他们|她|叫你)去死|以死|死给你们看|同归于尽",
  "结束(自己的?|我的)?生命|结束自己|了结(自己|生命|此生|一切)|自我了断|了断自己|做个了断|想不开|走上绝路|走绝路|没有活路|没活路|无路可走|没有退路了",
  "离开(这个)?世界|告别(这个)?世界|离开人世|不在(这个)?世上|永远(睡|消失)|睡(过去|着)(就)?(不|别)(再)?醒|不想(再)?醒来|遗书|遗言|交代后事|我的后事|天台|楼顶|楼上跳|跳下去",
  "(?<!(店|公司|生意|厂|工厂|买卖|企业|门店|铺子)(快|就|都|也|真|真的|实在|已经|马上|要|快要)?)(撑|熬|坚持|挺)不下去|(?<!(店|公司|生意|厂|工厂|买卖|企业|门店)(快|就|都|也|真|真的|实在|已经|马上|要|快要)?)撑不住了|想解脱|求解脱|彻底解脱|解脱了",
  // en
  "\\bkill(ing)? ?my ?self\\b|\\bkms\\b|\\bunalive\\b|\\boff myself\\b|\\bsuicid|\\bsucide|\\bsuicde",
  "\\bend(ing)? (it all|my life|everything|my own life|things|it for good)\\b|\\btake my (own )?life\\b|\\btaking my (own )?life\\b",
  "\\b(don'?t|do not|no longer|dont) (want|wanna|wish) to (live|be alive|be here|exist|wake up|go on)\\b|\\bnot want(ing)? to (live|be alive)\\b",
  "\\bno (reason|point) (to|in) (live|living|going on|being alive|carrying on)\\b|\\bnothing (left )?to live for\\b|\\bnot worth living\\b|\\blife (is not|isn'?t) worth (living|it)\\b",
  "\\bbetter off (dead|without me)\\b|\\bbetter off if i (wasn'?t|weren'?t|was not|were not|was gone|were gone|died)\\b|\\b(i'?ll|i will|i'?d|i would) be dead\\b|\\bpoint (in|of) (living|going on|being alive|carrying on)\\b|\\brather (be dead|die)\\b|\\bwish i (was|were) dead\\b|\\bwish i (was|were)n'?t (alive|here|born)\\b|\\bwish i had never been born\\b",
  "\\b(hurt|harm|cut|hurting|harming|cutting) (my ?self|myself)\\b|\\bself[- ]?harm|\\b(want|wanna|going|ready) to die\\b|\\bwant to be dead\\b",
  "\\bcan'?t (go on|carry on|keep going)( living| like this)?\\b|\\bjump(ing)? (off|from) (a|the|my) (bridge|building|roof|balcony|cliff)\\b|\\boverdos|\\b(pills|tablets) to (end|sleep)",
  "\\b(won'?t|will not|not) be around (much longer|anymore|any longer)\\b|\\bsay(ing)? goodbye (to everyone|forever|to my family)\\b|\\bgive up on (life|living)\\b|\\bend (my|the) suffering\\b",
  // zh, added after the first blind round: indirect phrasing, methods with preparation, farewells.
  "命(赔|给|还|抵)(给)?你们|拿(我的?|这条)?命(来)?(还|赔|抵)|以命(抵|还)|这条(烂|贱)?命(赔|给|还|抵|不要)|死路一条",
  "我.{0,4}(就|快|要|很快|马上|以后)不在(了|人世)|(下辈子|来世|来生|下一世)(再|一定|做牛做马|报答|还你|还给|见)|永别|最后的(告别|遗言)",
  "站在(桥|楼顶|天台|江边|河边|海边|悬崖|铁轨|窗台|窗户外)|(桥上|江边|河边|海边|楼顶|天台).{0,6}(站|坐|待)了(很久|好久|半天|一夜|一晚)",
  "(绳子|绳索|刀片|安眠药|农药|木炭|炭|煤气|老鼠药|敌敌畏|百草枯|药)(都|也|已经)?(准备|买|备|攒|存)(好|够)|买了?.{0,4}(老鼠药|木炭|敌敌畏|百草枯|刀片)|攒了?.{0,4}(药|安眠药)",
  "(划|割|伤|捅|砍|烫)(了)?(自己|手腕|手臂|胳膊)|用刀.{0,6}(自己|手腕|手臂)",
  "不(相|向|象|像)活|(?<![爸妈父母公婆哥姐弟妹儿女子狗猫])我(要是|如果|真的?|万一)?死了(?!心|这条心)|等我死了|(如果|要是|假如|万一)我死了",
  "(帮我)?(告诉|转告)(我的?)?(女儿|儿子|孩子|家人|老婆|老公|爸妈|父母|妈|爸).{0,10}(爱(他|她|你)|对不起|别(难过|哭|怪))",
  // zh, second round: ingestion with quantity, charcoal in a closed car, a blade in hand, entrusting dependants
  "敌敌畏|百草枯|老鼠药|杀虫剂|(吃|喝|吞|服)(了|下)?(好多|很多|一堆|一大把|一把|半瓶|一瓶|整瓶|大半瓶|几十|一整)(片|粒|颗|盒|板)?(的)?(药|安眠药)?(?!费)|(喝|吞)了.{0,4}(药|农药)",
  "炭.{0,4}(点|烧)(上|着|了)|点(上|了)?炭|(关|锁|坐)在车里.{0,10}(炭|煤气|尾气)|(拿|握)着(刀|刀片|绳子)|刀(架|抵|放)在(脖子|手腕|喉咙)",
  "(孩子|女儿|儿子|家里|爸妈|老人)(以后)?(就)?(拜托|交给|托付)(给)?(你|你们|我妈|我爸|我姐|我哥|家人)|拜托(你们)?(帮我)?照顾(好)?(我的?)?(孩子|女儿|儿子|家人|爸妈)",
  "(用|拿|以)(我的?|这条)?(烂|贱)?命(来)?(还|赔|抵)|我(走|死|不在)了(以后|之后)|活着.{0,4}(就是|只是|也是)?(个|一个)?(笑话|多余|浪费|废物|累赘|拖累|没用)|不如(消失|去死|走了算了|一走了之|不在了)|(我|就)消失(最好|算了|就好|了好|好了)|怎么死(不疼|比较快|最快)|无痛(的)?(死法|自杀)",
  // en, second round
  "\\b(better|easier|happier|fine|okay|ok|relieved)\\b.{0,25}\\b(if|when) i (just )?(was|were|wasn'?t|weren'?t|died|disappeared|was gone|were gone|left for good|ended it|didn'?t exist)\\b|\\b(better|easier|happier|fine|okay|ok) without me\\b",
  "\\b(wrote|writing|written|left) (a |some )?(letters?|notes?) (to|for) (my )?(kids|children|family|wife|husband|son|daughter|parents|mum|mom|dad)\\b|\\btake care of my (kids|children|family|son|daughter) for me\\b",
  "\\bhow many (pills|tablets)\\b.{0,20}\\b(take|takes|kill|need)\\b|\\blethal dose\\b|\\bpainless (way|ways|method) to (die|go)\\b|\\bhow to (kill myself|hang myself|overdose)\\b",
  "\\bdrive (my car |the car |myself )?(into|off) (a |the )?(wall|tree|river|lake|truck|bridge|cliff)\\b|\\bcrash (my|the) car on purpose\\b|\\bsleep forever\\b|\\b(go to sleep|fall asleep) (and )?(forever|for good)\\b",
  "\\b(won'?t|will not|not going to|not gonna) be (alive|around|here) (next|by|much longer|any ?more|any longer|for (long|much longer)|to (pay|see|deal))\\b|\\b(won'?t|will not) be alive\\b|\\blife('?s| is) not worth\\b|\\blife isn'?t worth\\b",
  "\\b(not sure|unsure|don'?t know( if)?|doubt|no longer|don'?t|do not|can'?t|cannot)\\b.{0,20}\\b(keep living|go on living|carry on living|stay alive|want to live|be alive|keep going on)\\b",
  // zh / en, issue 9 (from out-of-fold misses on the new hands' TRAIN rows): time running out,
  // being a burden, a decided plan, a written note, nothing left to stay for.
  "(没|没有)(剩)?几天(了|好活)|(撑|活|熬)不了(多久|几天)(了)?|不会再(麻烦|拖累)(任何人|大家|你们|家里)|(觉得|感觉)自己(很|好|太|就是)?(多余|是(个)?(全家|家里|大家)?的?(负担|累赘))|想好(了)?(怎么|要)(死|走|结束)",
  "\\bstop(ped)? living\\b(?! (beyond|above|off|on|in|with|like|at|there|here))|\\b(wrote|written|left|writing) my (note|letter|goodbye)\\b|\\bplanning how to do it\\b|\\bdon'?t see what i'?m (still )?here for\\b|\\bnothing left for me\\b|\\b(won'?t|not) be around (long|for long) enough\\b|\\bgo where (he|she) is\\b",
  // en, added after the first blind round
  "\\bsaving (up )?(my )?(pills|tablets|meds|medication|sleeping pills)\\b|\\bstockpil\\w* (pills|tablets|meds|medication)\\b|\\bhoard(ing)? (pills|tablets|meds)\\b|\\b(pills|tablets|meds) at once\\b",
  "\\bno point (in )?(going on|living|carrying on|being here|continuing|trying anymore)\\b|\\b(not|never) wak(e|ing) up\\b|\\bcutting (again|myself|my (arms?|wrists?|legs?|skin))\\b|\\bstarted cutting\\b",
  "\\bwant(ed)? (it all|everything|all of it|it) (all )?to (be over|end|stop)\\b|\\bjust want(ed)? (it|everything) (all )?(to be )?over\\b",
  "\\bnoose\\b|\\b(the|a|my) rope (is )?(ready|tied|prepared|up)\\b|\\b(bought|got|have|tied) (a |the )?(rope|noose)\\b",
  "\\b(take|taking|took|swallow(ing|ed)?|down(ing|ed)?) (all|every one of|a (bottle|handful|whole pack|whole bottle) of|the whole (bottle|pack|box) of) (of )?(my |the |these |those )?(pills|tablets|meds|medication|sleeping pills)\\b|\\b(going|gonna|about|ready|plan(ning)?) to (take|swallow) (the|my|all|these) (pills|tablets|meds)\\b",
  "\\b(standing|sitting|i'?m|am) (on|at) (the |a |this )?(roof|rooftop|ledge|bridge|cliff|railway|train tracks|tracks)\\b",
  "\\b(nobody|no one|noone) (would|will|'?d|is going to) (miss|care about|notice) me\\b|\\bif i (was|were) gone\\b|\\bafter i'?m gone\\b|\\bwhen i'?m gone\\b",
  "\\b(end|ended|ending) (it|things|everything)\\b(?! (here|now)?\\s*(chat|conversation|call))|\\b(easier|better) (for (everyone|them|my family) )?if i (was|were|wasn'?t|weren'?t|just|didn'?t|died|disappeared)\\b|\\b(won'?t|not) be here (anymore|tomorrow|much longer)\\b|\\b(hang|hanging|drown|drowning|gas|poison|poisoning) myself\\b|\\bslit (my )?wrists?\\b|\\b(swallow|take|took|taking) (all|every one) (of )?(the |my )?(pills|tablets|medication)\\b|\\b(jump|step|throw myself) in front of\\b|\\b(tired|sick) of (living|being alive|life)\\b|\\bdone (with life|living)\\b|\\b(no|lost the|lost my) will to live\\b|\\blife is (pointless|meaningless|not worth)\\b|\\bwhat'?s the point (of|in) (living|life|going on)\\b|\\bleave this world\\b|\\bwant(ed)? to disappear\\b|\\bfinish myself\\b|\\bdisappear forever\\b|\\b(sleep|go to sleep) and never wake\\b|\\bnever wake up\\b|\\b(sleep|go to sleep) and (not|never) wake\\b|\\bnot wake up\\b|\\bno way out\\b|\\bsuicide note\\b|\\bgoodbye letter\\b|\\blife insurance\\b.{0,40}\\b(die|dead|gone)\\b",
].map((re) => ({ re, w: 1, negatable: false }));

export const SERIOUS_ILLNESS: readonly Pattern[] = [
  "癌|肿瘤|化疗|放疗|白血病|尿毒症|透析|icu|重症监护|重症|脑梗|脑出血|中风|心梗|心脏搭桥|搭桥|瘫痪|绝症|晚期|器官移植|肾衰竭|渐冻|植物人|病危|抢救",
  "\\bcancer\\b|\\bchemo|\\btumou?r\\b|\\bleuka?emia\\b|\\bstroke\\b|\\bheart attack\\b|\\bdialysis\\b|\\bterminal(ly)?\\b|\\bintensive care\\b|\\bparaly[sz]ed\\b|\\btransplant\\b|\\bkidney failure\\b|\\bicu\\b",
].map((re) => p(re));

export const MENTAL_HEALTH: readonly Pattern[] = [
  "抑郁|焦虑|双相|躁郁|精神崩溃|精神科|心理医生|心理咨询|失眠|睡不着|崩溃|精神(压力)?(出了)?问题|惊恐|心理(出了)?问题",
  "\\bdepress(ed|ion)\\b|\\banxi(ety|ous)\\b|\\bpanic attack|\\bmental health\\b|\\bbreakdown\\b|\\bbipolar\\b|\\btherapist\\b|\\bpsychiatri|\\bcan'?t sleep\\b|\\binsomnia\\b|\\bptsd\\b",
].map((re) => p(re));

// ---------------------------------------------------------------------------------------
// Intents (POLICY.md §7). The classifier takes the first present intent in precedence order.
// ---------------------------------------------------------------------------------------
export const INTENT_PATTERNS: Readonly<Record<Exclude<Intent, "other">, readonly Pattern[]>> = {
  request_human: [
    p("(?<!工)人工(?!智能|费|成本)|真人|活人|转接|坐席|客服(在哪|人呢|呢)|有没有客服|(人|客服)都去哪"),
    p("(找|要|换|叫|转|请)(一?个)?(你们的?)?(客服|经理|主管|领导|工作人员|专员|负责人)"),
    p("(跟|和|与|同)(你们的?)?(人|客服|经理|主管|工作人员|专员|负责人)[^，。,.]{0,4}(说|谈|聊|沟通|讲|通话|联系)|找(个|一个)?人(聊|说|谈|跟我|和我|陪我)"),
    p("(请|麻烦|能不能|可不可以|可以|能|让|安排|希望|叫)(你们)?.{0,6}(打(个)?电话给我|给我打(个)?电话|回(个)?电话|来电|致电|电话联系我)"),
    p("给我回(个)?电(话)?|电话联系我"),
    p("不(要|想)(跟|和)?(机器人|机器)(说|聊|谈)?|(机器人|机器)(听不懂|没用|不行)|别(让|用)机器人"),
    p("\\b(speak|talk|chat)(ing)? (to|with) (a |an |some |the |your )?(real |live |actual )?(customer (service|support|care) |human )?(person|human|agent|someone|somebody|representative|rep|manager|supervisor|officer|advis[eo]r|staff|people)\\b"),
    p("\\b(real|live|actual) (pers\\w*|human|agent|people|advis[eo]r|representative|staff|someone|somebody)\\b|\\b(advis[eo]r|agent|someone|somebody|person|representative|staff member|manager) (to )?(contact|call|ring|phone) me\\b|\\bhuman (agent|please)\\b|\\bnot a (bot|robot|machine)\\b"),
    p("\\b(get|give|transfer|connect|put|pass) me (to |through to |over to |with )?(a |an |your )?(human|person|agent|someone|somebody|representative|manager|operator|supervisor|staff|customer (service|support|care))\\b"),
    p("\\b(want|need|request|like)( to (have|get|speak to|talk to))? (a |an )?(human|agent|person|representative|operator|manager|supervisor)\\b"),
    p("^(agent|human|operator|representative|manager|person)( please| now| pls)?[.! ]*$"),
    p("\\b(please|pls|can you|could you|can someone|could someone|someone|somebody|have someone|i want someone to|i'?d like (someone|you) to) (call|phone|ring) me\\b|^(call|phone|ring) me\\b|\\b(call|ring|phone) me back\\b|\\bgive me a (call|ring)\\b"),
    p("\\bsomeone (from the bank )?(to )?(call|phone|contact) me\\b|\\bcall ?back\\b|\\b(get|put) (a |an |your |the )?(supervisor|manager|person|human|agent|advis[eo]r|representative) on the (line|phone)\\b|\\b(ask|have|get) (an? |your |the )?(advis[eo]r|agent|someone|somebody|person|manager|staff member|representative|officer) to (call|ring|phone|contact)\\b"),
    p("(转|找|要|接|给)\\s?(a |an )?(human|agent|真人)"),
    p("\\b(a |an |some )?(real )?(person|human|someone|somebody|agent|rep|representative) (i|we) (can|could) (talk|speak|chat) (to|with)\\b"),
  ],
  report_fraud: [
    p("盗刷|被盗|盗用|冒用|冒名|冒充(我|本人)|被人(用|借|办|冒)|有人(用|拿)(了)?我的(身份|名字|信息|卡|证件|手机)|身份(证)?(信息)?(被|遭)"),
    p("(不是|并非|从来不是|根本不是)我(本人)?(办|借|申请|开|刷|消费|签)的?|我(从来|根本|压根)?(没|没有|从没|从未|未曾)(办|借|申请|开|刷|签)过|我(从来|根本|压根)?没(有)?(办|申请|借)(过)?(这|那)(张|个|笔)"),
    p("卡(丢|掉|被偷|被盗|被人偷)|(丢|掉)了(信用)?卡|钱包(被偷|丢了)|手机(被偷|丢了)"),
    p("诈骗|骗子|被骗|骗了我|上当受骗|电信诈骗|钓鱼|被黑|账号被盗|不是我本人操作|(验证码|密码).{0,4}(给|告诉|发)了?(对方|他|她|别人|陌生人|骗子)"),
    p("\\bidentity (theft|fraud)\\b|\\bstole my (identity|card|details|wallet|phone)\\b|\\b(stolen|cloned|skimmed) card\\b|\\bcard (was |got |has been )?(stolen|cloned|skimmed)\\b|\\blost my (credit )?card\\b"),
    p("\\bnever (opened|applied|took out|signed|borrowed|made)\\b|\\b(didn'?t|did not) (open|apply|take out|sign up|borrow|make)\\b|\\bnot my (account|loan|card|transaction|purchase)\\b"),
    p("\\blost (my )?(wallet|purse|phone)\\b|\\b(block|freeze) (my |the )?(card|account|it)\\b|\\bfraud|\\bscam|\\bunauthori[sz]ed\\b|\\bhacked\\b|\\bphishing\\b|\\b(gave|told|shared|sent|handed) (them|him|her|someone|a stranger|the caller|the scammer) (my )?(pin|password|otp|one[- ]time code|code|card (number|details)|verification code|bank details)\\b|\\b(someone|somebody|a stranger|strangers|scammers?|fraudsters?) (else )?(is |are |has |have |was |were |had )?(been )?(us(ed|ing)|open(ed|ing)|tak(en|ing)|took|appl(ied|ying)|borrow(ed|ing)) .{0,20}\\b(my|in my) (identity|id|name|details|personal|documents?|card|account)|\\bsomeone (else )?(used|opened|took out|applied)\\b|\\btrick(ed)? (me|us) into\\b|\\bconned\\b|\\bswindl|\\b(giving|gave|give) (away )?(them |him |her |the caller |a stranger )?(my )?(pin|password|otp|card (number|details)|verification code|bank details)\\b|\\bimpersonat|\\b(pretending|posing) (to be|as) me\\b|\\busing my (card|account|identity|details|name)\\b.{0,20}\\bwithout (my )?(permission|consent|knowledge)\\b|\\b(phone|wallet|purse|bag|id) (got |was |has been )?stolen\\b"),
    p("自称.{0,8}(银行|客服|警察|公安|法院|工作人员)|安全账户|不是我(的|本人)(?=[，,。.!！]|$)(?![，,。.!！]?是)"),
  ],
  dispute_debt: [
    p("(金额|数额|账单|账目|账|数字|余额|利息|罚息|费用|手续费|违约金|滞纳金|这笔)(是|也|都)?(不对|有误|错了|算错|有问题|不正确|不合理|不合法|太离谱|对不上)"),
    p("(算|扣|记|多|乱)错了|算错|多收|多扣|乱收费|乱扣|重复(扣款|扣费|收费|扣)|扣了两次|收了两次|(扣|收|划)了?(我)?(两|2)次|为什么.{0,10}多(出来|收|扣)|这不对|不对劲|多算|虚高|对不上"),
    p("明明.{0,6}还(了|清|过|完)|(已经|早就|早已|早都|之前就|上(个)?月就|上周就|前几天就|昨天就)(已经)?(全|都|全部)?(还清|还完|结清|还过|付过|交过|还了|付了|转了|打了|扣了)(?!一部分|一些|一点|部分|一半|几期|最低|\\d)"),
    p("不(认|承认)(这笔|这个|这些|那笔)|(这笔|这个)(钱|债|账)?(我)?不认|我不欠|不是我欠的|没欠(这么多|那么多)|哪有(这么|那么)多|怎么(会)?(这么|那么)多"),
    { re: "(不是我的|不是我欠的|不是我借的)?[，, ]?是(我)?(前夫|前妻|老公|老婆|丈夫|妻子|朋友|别人|他|她|家人|亲戚|同事)(的|借的|欠的|办的)|(违约金|滞纳金|罚息|手续费|费用|利息|这笔|这钱).{0,8}(莫名其妙|不明不白|退还|退回|退钱)|要求退(还|款|钱)", w: 1, negatable: false },
    p("(超过|高于)(法定|国家规定|法律规定|24%|36%|四倍|lpr)|(高利贷|砍头息|套路贷)|利息(不合法|违法)|收费不合法|不合法的?(费用|收费)"),
    p("\\b(wrong|incorrect|inaccurate|miscalculated|mistake|error)\\b.{0,30}\\b(amount|balance|statement|bill|fee|fees|charge|charges|interest|figure|total|debt)\\b"),
    p("\\b(amount|balance|statement|bill|fee|fees|charge|charges|interest|figure|total|debt|number)s?\\b.{0,25}\\b(is|are|was|were|looks?) (wrong|incorrect|not right|too high|inflated|off|inaccurate|a mistake)\\b"),
    p("\\b(taken|charged|debited|deducted|billed|took)\\b.{0,20}\\btwice\\b|\\bpaid (this|it|that|the (loan|debt|balance|bill))( off| back)?( in full)?\\b.{0,30}\\b(still|why|but)\\b|\\bstill being (chased|charged|asked)\\b|\\bover-?charg|\\bdouble[- ]?charg|\\bcharged (me )?twice\\b|\\bbilling error\\b|\\b(i )?(already|have already|'ve already) (paid|repaid|settled|cleared)\\b(?! (part|some|half|the minimum|a bit|a little))|\\bpaid (it|this|that) (off|back) already\\b"),
    p("\\b(doesn'?t|does not|don'?t|do not|didn'?t|did not) (match|add up)\\b|\\b(this|that|it|the (bill|amount|balance|statement|charge|fee)) (can'?t|cannot|is not|isn'?t) (be )?right\\b|\\bi (paid|was|always pay) on time\\b|\\bwhy (is there|am i being charged|was i charged|did you charge( me)?|have you charged( me)?|are you charging( me)?) (a |an |this |the |me )?(late |extra |another )?(fee|charge|penalty|interest)"),
    p("\\b(i )?(don'?t|do not) owe\\b|\\bdispute\\b|\\bnot (what|how much) i owe\\b|\\bnever agreed to (these|this|the) (fees|charges|interest)\\b|\\b(fees|charges) (i|that i) never agreed\\b|\\billegal (interest|fees|charges)\\b|\\b(interest|fees?|charges?|charging)\\b.{0,25}\\b(illegal|unlawful|not legal)\\b|\\b(fee|fees|charge|charges|penalty|interest|amount|balance)\\b.{0,20}\\b(makes no sense|doesn'?t make sense|is not right|isn'?t right)\\b"),
    // Broken fee promises, payments not credited, "not in the contract", "something's wrong".
    p("(说好|答应|承诺|讲好|约定|说了)(了)?(的)?.{0,8}(免|不收|不要钱|没有|减|退)|(还款|钱|款|转账)(没|未|没有)(入账|到账|显示|记上)|(搞|弄|算|记|扣)错|出错了|(金额|数字|数额|账|费用?|罚息|利息|违约金|滞纳金|欠款|余额|这个数|这笔).{0,8}(不认可|不承认|不接受|不认同)|(不认可|不承认|不认同)(这个|这笔|这些)?(金额|数字|数额|账|费用|罚息|利息|违约金|滞纳金|欠款|余额|数)|合同(里|上|中)?(没|没有|并没有|根本没)(写|规定|约定|说|提)|(账单|金额|余额|欠款|利息|费用)怎么(多|涨)(了|出)"),
    p("\\b(was|were|is|are) (supposed|meant) to be (waived|free|removed|refunded|cancel+ed|zero|included|lower)\\b|\\b(told|promised|said)( me)? (it|the fee|there|that)( would| was| is)? (be )?(free|waived|no (fee|charge))\\b|\\bsomething'?s (wrong|off|not right)\\b|\\b(higher|more) than (my|the) (statement|bill|contract|agreement|quote)\\b|\\bnever (agreed|signed up|consented) to (that|it|this|these|those|any)\\b|\\b(aren'?t|isn'?t|not|weren'?t|never) (in|part of|written in|on) (the|my) (contract|agreement|terms)\\b|\\b(payment|transfer)s? (wasn'?t|was not|hasn'?t been|never) (applied|credited|received|recorded)\\b"),
  ],
  complaint: [
    p("投诉|举报|曝光|监管|银保监|金融监管|(?<!\\d)(12378|12363|12345|315)(?!\\d)|消协|消费者协会"),
    p("态度(太|很|非常|极其|真)?(差|恶劣|不好|嚣张|粗暴)|(太|很)不礼貌|不尊重|侮辱|辱骂|骂我|骂人|脏话|说话(太|很|真|特别)?难听|没(有)?良心|缺德|上门催(债|收|款)?|凶我|吼我|威胁|恐吓|骚扰|暴力催收|爆通讯录|通讯录"),
    p("(打|打电话|打到|联系|找|发短信)(给|到)?(了)?我(的)?(家人|家里|父母|爸妈|爸|妈|老婆|老公|同事|领导|公司|单位|朋友|亲戚|老板)"),
    p("(你们|催收|你|他们)[^，。,.]{0,6}(天天|一直|不停|老是|总是|每天|反复|半夜|一天.{0,3}次)(地)?(打|催|打电话|发短信|骚扰)|别再?(给我)?打(电话)?了|不要再?(给我)?打(电话)?了|(太|很|真)过分|一天.{0,3}(打|催|发)了?.{0,4}(个|次|通|遍|条)|(什么|垃圾|破|黑心)(银行|服务)|服务(太|很|真)?(差|烂)|欺负人|不讲理|没有人性|恶心"),
    p("\\b(unhappy|not happy|dissatisfied|disgusted|appalled) (with|about|by) (how|the way|your)\\b|\\bhow i'?ve been treated\\b|\\bhound(ing|ed)?\\b|\\bcomplain|\\bcomplaint\\b|\\bharass|\\brude\\b|\\bthreat(en|ened|ening|s)?\\b|\\bintimidat|\\bunprofessional\\b|\\bdisrespect|\\babusive\\b|\\binsult|\\b(shout|shouted|shouting|yell|yelled|yelling|swore|swearing|screamed|laughed) at me\\b|\\bhung up on me\\b|\\bhumiliat|\\bbelittl|\\bcondescending\\b"),
    p("\\breport (you|your bank|this|the bank|them)\\b|\\bombudsman\\b|\\bregulator\\b|\\bfca\\b|\\bcbirc\\b|\\bnfra\\b|\\bbetter business bureau\\b|\\bgo to the (press|media|papers)\\b"),
    p("\\b(stop|quit) (calling|texting|messaging|contacting|phoning|harassing|bothering) (me|my \\w+)\\b|\\b(call|called|calling|ring|rang|ringing|text|texted|texting|phone|phoned|phoning)s? me.{0,12}\\b(\\d{1,2} ?(pm|am)|\\d{1,2}(:\\d\\d)? at night|midnight|late at night|in the middle of the night)\\b|\\b(that'?s|thats|this is|it'?s|its) (not ok|not okay|unacceptable|outrageous|ridiculous|a joke|disgraceful)\\b|\\b(sick and tired|fed up) (of|with) (your|these|the|all (the|these|your)|being) (calls|texts|messages|harassment|letters|collectors|threats|treated|called|chased|service|people)\\b|\\bkeep(s)? (calling|texting|ringing|phoning|contacting)\\b|\\b(called|contacted|phoned|rang|messaged|texted) my (boss|employer|work|family|parents|mother|father|mum|mom|dad|wife|husband|neighbou?rs?|colleagues?|friends?)\\b"),
    p("\\b(terrible|awful|appalling|disgusting|horrible|worst|shameful|poor) (customer )?(service|treatment|bank|way)\\b|\\bhow dare you\\b|\\bunacceptable\\b|\\btreated (me )?(badly|like)\\b"),
    hint("(天天|一直|不停|老是|总是|每天|反复|半夜|一天.{0,4}次)(地)?(打|催|打电话|发短信|骚扰)|烦死了"),
  ],
  cancel: [
    p("(?<!死了|死|死了就)算了(?!算|一下|下|一算)|不用了|不办了|不弄了|不搞了|不聊了|不谈了|不问了|不需要了|退出|(?<!全|都|被|给|已经|已)取消(?!了|罚息|利息|违约金|费用|手续费|滞纳金|分期费|这些费)|(?<!刚|已经|已|才|快|都|要|没)结束(?!生命|自己|了|一切)(对话|聊天|会话)?|先这样吧?|不说了|就这样吧|下次再说|改天再说|以后再说|回头再说|不想(聊|谈|弄|办)了|停止(对话|聊天)|别问了|拜拜|再见"),
    p("\\bcancel\\b(?! (the |my |all |these |those )?(fees|interest|charges|penalt))|\\bnever ?mind\\b|\\bnvm\\b|\\b(come back|talk|chat|continue|do (it|this)) (later|another time|tomorrow)\\b|\\bforget (it|about it)\\b|^quit\\b|\\bexit\\b|\\bstop (this|the chat|the conversation|here|now|it)\\b|^stop[.! ]*$|\\bi'?m done\\b(?! (paying|repaying|with (paying|the payments)))|\\bend (this|the) (chat|conversation)\\b|\\bleave it\\b|\\bnot now\\b|\\bmaybe later\\b|\\bgoodbye\\b(?! (letter|note|to (everyone|my|the world)))|\\bbye\\b|\\bdon'?t want to (continue|do this)\\b|\\bno longer (need|want) (this|help)\\b|\\b(quit|stop|leave|exit) this\\b[.! ]*$|\\b(quit|stop|leave|exit) (this|the) (chat|conversation|process|application)\\b|\\blet'?s (stop|leave it|end (here|this)|finish|call it a day|pause)\\b|\\b(stop|pause|leave it) (for now|for today|there)\\b|\\b(i )?(have|need|got) to go\\b"),
  ],
  refuse_to_pay: [
    p("不(想|会|打算|准备|愿意)(再)?还(?=[，,。.!！的啦吧]|$)|不(会|想|打算|准备|愿意|愿)?(再)?还(了|钱|款|你们)(?!.{0,6}(会怎|会有|的话|后果|怎么办|会不会|吗|影响|什么))|不还了|(就是|坚决|绝对)不还|(?<!(他|她|对方|朋友|人家|别人).{0,3})不还(钱|款)?(了)?(?=[，,!！。.]|$)|没打算还|一分钱?(我)?(都|也)不(会)?(给|还)|不打算还|不准备还|拒绝(还款|还钱|付款)|一分(钱)?(都|也)不(会)?(还|给)|老赖|(爱|随便)(你们)?(怎么|咋)(样|办|着)|(随便|尽管|有本事)(你们)?(去)?(告|起诉)|要钱没有|别想(让我)?还|休想|想都别想|不会再(还|付)|还个屁|凭什么(要我|让我)?还"),
    p("\\b(won'?t|will not|wont|refuse to|not going to|not gonna|never going to|am not|i'?m not) (be )?(pay|paying|repay|repaying)\\b|\\bnot (paying|repaying) (you|this|that|it|anything|a (cent|penny|dime))\\b|\\bnever (pay|paying)\\b|\\bnever get (a|one) (cent|penny|dime|pound|yuan)\\b|\\brefusing to (pay|repay)\\b|\\bno intention of (paying|repaying)\\b|^not (paying|gonna pay|going to pay)\\b|\\bsue me\\b|\\b(take me to court|see you in court)\\b|\\bdone (paying|repaying)\\b|\\bnot giving (you )?(another|a|one|any ?more|any) (penny|cent|dime|pound|yuan|dollar|more)\\b|\\bnot getting (any )?(more )?(money|a (cent|penny|dime)|anything|paid) (from|out of|outta) me\\b|\\bover my dead body\\b|\\bcan'?t make me pay\\b|\\bnot a (cent|penny|dime)\\b|\\bdo what(ever)? you want\\b"),
  ],
  describe_hardship: [
    p("还不上|还不起|还不了|还不出|还不来|无力(偿还|还款)|没钱还|没有钱还|没(钱|有钱)了?|拿不出(钱)?|付不起|交不起|负担不起|负担不了|没(有)?收入|断了收入|收入(没了|断了)"),
    p("困难|压力(很|太|好|特别)?大|手头[^，。,.]{0,3}紧|只能还(一部分|一点|一半|部分)|周转不(开|过来)|资金紧张|经济(困难|紧张|压力|拮据)|揭不开锅|吃不上饭|快(吃不起|活不起)"),
    plan("延期|延迟还款|缓一缓|缓(几|一)(天|个月|段时间)|宽限|晚(点|几天|一点|些|一些|几个月|一个月)(再)?还|推迟|暂停还款|停息挂账|停息|挂账|个性化分期|分期|展期|减免|免(除|掉)?(罚息|利息|违约金)|少还(一)?点|还款(计划|方案)|方案|协商|降低(月供|还款)|减少(月供|还款)|最低还款|先还(一部分|一点|本金)|只还本金"),
    p("要(了)?(我的)?(老)?命|(?<!够)不够(还|用|花)?(?![吗么])|(一分|一毛|一块)钱?(都|也)没(有)?|身无分文|分文没有|压(死|垮)|(利息|月供|还款|费用|每月|每个月).{0,8}(少|降|减)(一)?点|(能不能|可以|可不可以|能否|能)(少|降|减)(收|还)?(一)?点|(能不能|可以|可不可以|能否)(晚|缓|拖)(几|两|一)(天|周|个月)|只还(一部分|一点|一半|部分|利息|本金)|帮帮我|帮我(想想)?办法|怎么办|求求|救救|走投无路|压(得|死)我|喘不过气|逾期了|已经逾期|逾期了(好几|几|一|两|三)"),
    p("\\b(can'?t|cannot|can not|unable to|not able to|couldn'?t|could not) (afford|pay|make (the|my|this|these) (payment|repayment)s?|keep up|repay|meet)\\b|\\bno (money|income|savings)\\b|\\bbroke\\b|\\bstruggl|\\bhardship\\b|\\bfinancial difficult|\\bmoney is tight\\b|\\bshort on (money|cash)\\b|\\b(behind|fell behind|falling behind) (on|with)\\b|(?<!\\b(report|reports|reporting|about|for|on|of|after|with) )\\bmissed (a |my |the )?(payment|repayment)(?!s\\b)|\\b(i|i'?ve|we|we'?ve|i have|we have) (already |just )?missed\\b"),
    plan("\\bdefer|\\bpayment (holiday|break|pause|plan)\\b|\\b(instal?ment|repayment|payment) (plan|arrangement|schedule)\\b|\\bextension\\b|\\bextend\\b|\\bmore time\\b|\\breduce (my|the) (payments?|instal?ments?)\\b|\\blower (my |the )?(payments?|instal?ments?)\\b|\\bsmaller (payments?|instal?ments?)\\b|\\bwaive|\\bfreeze (the )?interest\\b|\\bpause (my |the )?payments?\\b|\\bpostpone\\b|\\bgrace period\\b|\\bbreathing space\\b|\\bpay less\\b|\\b(pay|paying) (a )?(smaller|lower|reduced) (amount|sum)\\b|\\bbreak from (payments|paying|repayments)\\b|\\bpart(ial)? payment"),
    p("\\b(finding it|it'?s|it is) (really |very |so )?(hard|difficult|tough|impossible) to (pay|keep up|manage|cope|make)\\b|\\b(debts?|loans?|repayments?|payments?|interest|bills?|this|it|money|fees?|charges?|rates?)( rates?)? (is|are) killing me\\b|\\b(can|could) (you|we|i) (lower|reduce|cut|bring down|drop|decrease) (it|that|this|my (rate|interest|apr|payments?)|the (rate|interest|apr|payments?|amount))\\b|\\b(pay|repay)( it| this| you)? (later|a (bit|little|few days|week|month) later|next month)\\b(?<!now,? pay later)|\\bcan only (afford|pay)\\b|\\bonly (afford|pay) (half|part|some)\\b|\\bhelp me\\b|\\bneed help\\b|\\bwhat (can|should) i do\\b|\\bdesperate\\b|\\boverdue\\b|\\bin arrears\\b|\\bcan you help\\b|\\bany help\\b|\\bplease help\\b"),
  ],
  promise_to_pay: [
    p("(会|一定|肯定|保证)(按时|准时|按期|如期)(还|还款|还钱|还上|还清)|(会|一定|肯定|保证|马上|立刻|尽快|今晚|今天(晚上|下午|上午|中午)?|明天(早上|上午|下午|晚上)?|后天|周末|(周|礼拜|星期)[一二三四五六日天]|下周|这周|本周|月底|月初|下个?月|过几天|这两天|这几天|过两天|两天内|下礼拜|这礼拜|(\\d{1,2}|[一二三四五六七八九十]{1,3})(号|日))(就能|就会|能|就|会|一定|前|之前|内|直接)?(把钱)?(全部|全额|一次性|都)?(还|还清|还上|结清|付|转|打|交|存)(?!款日|不|要|是|有|多少|得|吗|能|可以|没)"),
    p("把钱(存|转|打|还)(进|到|给|上|回|清)?|(把|将)(欠款|钱|逾期|账单|那期|这期|剩下的|欠的)[^，。,.]{0,6}(还清|还上|补上|结清|补齐|还掉|补交|还了)|(全部|全额|一次性|一口气)(还清|还上|结清|还掉|还)|凑(够|齐|到)了?(钱)?|(钱|工资|款)(到账|到了|发了|下来)(了)?(就|马上|立刻)?(还|转|打)|发(了)?工资(就|马上|立刻|后)(还|转|打)|(工资|钱|奖金|年终奖|款|货款|赔偿金)(一)?(发|到账|到|下来|回来)(了)?(我)?(就|马上|立刻)(全部|全额|一次性)?(还|转|打)"),
    p("\\b(i'?ll|ill|i will|i'?m going to|i am going to|will|going to|gonna|promise to|plan to|intend to) (pay|repay|clear|settle|transfer)( it| this| that| everything| the (full|whole|entire|rest|balance|amount|arrears|lot)| in full| all| off| back)?\\b"),
    p("\\b(sending|send|transferring|transfer|wiring|paying) (you )?(the |your )?(money|payment|funds|full amount|balance|it)\\b.{0,10}\\b(tomorrow|tonight|today|tmr|this (week|afternoon|evening|weekend)|next week|on (monday|tuesday|wednesday|thursday|friday|saturday|sunday|the \\d+\\w*))\\b|\\b(the )?(full|whole|entire) (amount|balance|payment|sum|arrears)\\b.{0,30}\\b(will|'ll) (be|go|hit|land|arrive)\\b"),
    p("\\bi'?m (paying|repaying|clearing|settling) (it|this|everything|the)\\b|\\bcan pay (it all|everything|the (full|whole|entire))\\b|\\bhave (the |it |this |everything )?(\\w+ )?(paid|cleared|settled) (off )?by\\b|\\byou'?ll have (the|your) (full )?(payment|money|balance|amount)\\b|\\b(pay|repay|clear|settle)s? (it |this |everything |the (balance|debt|amount|arrears|lot) )?(in full|off|by (monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|the end|next|payday))\\b|\\bwhen (i get paid|my salary|payday)\\b|\\bby (the )?end of (the |this )?month\\b|^paying\\b|\\bpaying (it |you |this )?(tmr|tmrw|tomorrow|tonight|today|this (week|weekend|friday)|next week|on (monday|tuesday|wednesday|thursday|friday|saturday|sunday|payday))\\b|\\bon payday\\b|\\bpromise to pay\\b|\\b(payment|money|funds|transfer|the (full |whole )?(amount|balance))\\b (will|'ll|is going to|is gonna) (be )?(sent|made|paid|transferred|wired|go out|going out|hit|arrive|land|clear)\\b|\\b(can|could|will be able to|should be able to) (pay|clear|settle|repay) (it|this|everything|the (balance|debt|amount|lot|arrears|full|whole)|in full)\\b.{0,25}\\b(tomorrow|tonight|today|by|on|next|this (week|friday|weekend))\\b"),
  ],
  ask_question: [
    p("几点|什么时候|几期|多少期|多少|余额|欠(了)?多少|还(要|得)?还多少|还差多少|利率|年化|利息(是)?多少|怎么(算|计算|还|还款)|征信|信用(记录|报告)|还款日|账单日|最低还款额|剩(下|余)?多少|额度|哪些|哪个|哪天|几号|(是|有)多少|多少(钱|啊|呢)|什么意思|是什么|(是)?多久|多长时间|哪(里|儿)|如何|能(否|不能)|可(以)?不可以|有没有|会不会|是不是|为什么|为啥|请问|想问|问一下|咨询|查(一)?下|查询|了解一下"),
    p("\\b(balance|how much|interest rate|apr|credit (score|report|rating|file)|due date|statement date|minimum payment|what happens|what is|what'?s|what are|how (do|does|can|long|many)|when (is|does|do|will)|is there|are there|does (it|this)|will (it|this)|can i|could i|do i|do you|where (do|can)|why|what (does|do|will|would)|which|who|want to know|dying to know|wonder(ing)?|tell me)\\b"),
  ],
};

/** Generic question marks and particles: enough for ask_question when nothing else matched. */
export const QUESTION_HINT: readonly Pattern[] = [hint("[?？]|吗[。.!！]?$|呢[。.!！]?$|吗\\s|么[?？]?$")];

/** Asking what an arrangement is or costs (分期是什么 / how does a deferral work): ask_question. */
export const DEFINITION_QUESTION: readonly Pattern[] = [
  p("是什么|什么意思|(是|有)?多少|利率|年化|啥意思|怎么(算|计算|收费|申请|办理|操作)|如何(计算|申请|办理)|手续费|费率|利息(是)?多少|(需要|要)(什么|哪些)(条件|材料)|条件是|有什么(影响|要求|条件)|影响征信|上征信|多少钱|(额外)?收费|要钱吗|(有|要|收)(什么)?费用|的话.{0,12}(吗|么|[?？])"),
  p("\\bwhat (is|are|'?s) (a |an |the )?(payment holiday|deferral|instal?ment|extension|breathing space)|\\bhow (does|do|would) .{0,30}\\b(work|affect)|\\bwhat does .{0,30}\\bmean\\b|\\bmeans?\\b\\??$|\\bhow much (does|do|would|will)|\\b(fee|fees|cost|costs|charge)\\b.{0,20}\\?|\\bwhat (a|an|the) .{0,25} is\\b|\\b(is|are) (interest|fees?|charges?) (still )?(charged|added|applied|payable)\\b|\\b(interest )?rates?\\b|\\bapr\\b|\\beligib|\\b(is there|are there|any) (a |an )?(fee|fees|charge|charges|cost|penalty)\\b|\\brequirements?\\b|\\bcriteria\\b|\\bcredit (score|report|rating|file)\\b"),
];

/** Greetings and small talk: a confident `other`. */
export const SMALL_TALK: readonly Pattern[] = [
  p("^(你好|您好|嗨|哈喽|hi|hello|hey|hiya|good (morning|afternoon|evening)|早上好|下午好|晚上好|在吗|在不在|有人吗|谢谢|多谢|感谢|thanks|thank you|thx|ok|okay|好的|好|嗯|嗯嗯|行|收到|知道了|明白|got it|sure|yes|no|cool|nice|great|alright|k|kk|yep|nope|是|对|不是|哦)[!！。.~～ ,，?？]*(你好|您好|谢谢|thanks|there)?[!！。.~～ ?？]*$"),
  p("\\b(lol|lmao|rofl|haha\\w*)\\b|哈哈|笑死"),
  p("(app|页面|网页|系统|软件|网站).{0,6}(打不开|卡|闪退|崩|登不上|进不去)|\\b(app|website|site|page)\\b.{0,20}\\b(crash\\w*|slow|not working|won'?t (load|open)|down)\\b"),
  p("天气|吃饭了吗|讲个笑话|tell me a joke|weather|你叫什么|你是谁|who are you|what'?s your name|\\byour favou?rite\\b|\\bhow are you\\b|\\bhave a (nice|good|great|lovely) (day|one|evening|weekend|night)\\b|祝你(开心|愉快|好运)|辛苦了"),
];

/** Instructions aimed at the model: always intent `other`. */
export const INJECTION: readonly Pattern[] = [
  p("\\b(ignore|disregard|forget|override)\\b.{0,30}\\b(previous|prior|above|earlier|all|your|the|system)\\b.{0,20}\\b(instructions?|prompts?|rules|messages?|directions)\\b"),
  p("\\bsystem prompt\\b|\\byou are now\\b|\\bact as\\b|\\bpretend (to be|you are)\\b|\\bjailbreak\\b|\\bdeveloper mode\\b|\\bdan mode\\b|\\b(set|change|output|return|classify)\\b.{0,20}\\b(intent|label|classification|json)\\b|\\brespond (only )?with\\b.{0,20}\\bjson\\b"),
  p("(忽略|无视|忘记|忘掉|覆盖)(掉)?(你)?(之前|以上|前面|上面|先前|所有|全部|系统)?的?(所有)?(指令|指示|提示|规则|设定|命令|要求)|系统提示词?|提示词|你现在是|扮演|越狱|开发者模式|(输出|返回|设置|设为|改成|标记为|分类为).{0,12}(intent|意图|标签|json|request_human|self_harm)"),
];

// ---------------------------------------------------------------------------------------
// Reasons (POLICY.md §1). `relativeShift`: a medical pattern with a relative in the same
// clause means family_emergency, not medical.
// ---------------------------------------------------------------------------------------
export interface ReasonPattern extends Pattern {
  readonly relativeShift?: boolean;
}

const med = (re: string): ReasonPattern => ({ re, w: 1, relativeShift: true });

export const REASON_PATTERNS: Readonly<Record<Reason, readonly ReasonPattern[]>> = {
  disaster: [
    p("洪水|洪灾|水灾|发大水|被淹|淹了|地震|台风|飓风|火灾|着火|失火|大火|房子(被)?烧|烧光|泥石流|山体滑坡|冰雹|旱灾|雪灾|暴雨|内涝|龙卷风|天灾|自然灾害|受灾|灾区|车祸|交通事故|出了事故|意外事故|撞车|被车撞|疫情|新冠|封控|封城|隔离|瘟疫|非典|禽流感|猪瘟|工厂爆炸|爆炸"),
    p("\\bflood|\\bearthquake|\\btyphoon|\\bhurricane|\\btornado|\\bwildfire|\\b(house|home|flat|shop|apartment) (burned|burnt|caught fire|flooded|destroyed)|\\bfire\\b(?! me| him| her| them| people)|\\blandslide|\\bstorm\\b|\\bdisaster|\\b(car|traffic|road|motorbike|motorcycle) (accident|crash)|\\bcrash(ed)?\\b|\\baccident\\b|\\bpandemic|\\bepidemic|\\bcovid|\\bcoronavirus|\\blockdown|\\bquarantine|\\bdrought|\\bhail(storm)?s?\\b|\\b(snow|ice|rain|wind)storms?\\b|\\bblizzard|\\bbushfire|\\btsunami|\\bmudslide|\\bexplosion\\b"),
  ],
  bereavement: [
    p("去世|过世|离世|逝世|病逝|病故|过身|走了(?!(过|进|出|一|路|很|好|几|半|多|两|三|快|慢|着|么|吗|啊|哦|呀|吧))(?<=(爸|妈|父亲|母亲|老公|老婆|丈夫|妻子|爷爷|奶奶|外婆|外公|孩子|儿子|女儿|哥|姐|弟|妹|爱人).{0,4}走了)|人没了|没了(?=[，,。.!！ ]|$)(?<=(爸|妈|父亲|母亲|老公|老婆|丈夫|妻子|爷爷|奶奶|外婆|外公|孩子|儿子|女儿|哥|姐|弟|妹).{0,4}没了)|丧事|葬礼|丧葬|办后事|(?<!(我的?|自己的?|我把|把))后事(?!都?(交代|安排|准备|写))|火化|头七|守孝|遗产|遗孀|亡故|死了(?=[，,。.!！ ]|$)(?<=(爸|妈|父亲|母亲|老公|老婆|丈夫|妻子|爷爷|奶奶|外婆|外公|孩子|儿子|女儿|哥|姐|弟|妹).{0,4}死了)|丧偶|顶梁柱(没了|倒了|走了)|(病|难产|车祸|意外|癌症|心脏病|突然|猝死|去年|上个月|前年).{0,3}走了(?!(过|进|出|路))|(?<=(爸|妈|父亲|母亲|老公|老婆|丈夫|妻子|爷爷|奶奶|外婆|外公|爱人))(刚|才|突然|已经)走(了)?(?!开|路|过|进|出|掉|访|动|的|得|去|到|回|远)|失去了?(我的)?(爸|妈|父亲|母亲|老公|老婆|丈夫|妻子|孩子|儿子|女儿|亲人)"),
    p("\\bpassed away\\b|\\bpassed on\\b|\\b(deceased|funeral|bereave\\w*|widow(ed|er)?|burial|cremation)\\b|\\b(wife|husband|partner|mother|father|mum|mom|dad|son|daughter|child|baby|brother|sister|parents?|grandmother|grandfather|grandma|grandpa|nan|gran|spouse|uncle|aunt|fianc\\w*|he|she|they)( both| all| just| suddenly| unexpectedly| recently| last (year|month|week))? (died|is dead|was dead|are dead|were dead|has died|have died|had died)\\b|\\bdeath (of|in) (my|our|the family)\\b|\\b(\\w+'s|my|our|his|her|their) (death|passing)\\b|\\bmiscarr|\\bstillb|\\blost (my|our) (wife|husband|partner|mother|father|mum|mom|dad|son|daughter|child|baby|brother|sister|parents?|grandmother|grandfather|grandma|grandpa|spouse)\\b"),
  ],
  job_loss: [
    p("被裁|被.{0,4}裁(了|掉)|(部门|岗位|职位|我们组|项目组|整个组).{0,4}(砍|裁|撤|取消)(了|掉)|老板跑路|裁员|(让|叫)(我|我们)(回家|走人|卷铺盖)|裁掉|失业|没(了)?工作|没有工作|丢了(饭碗|工作)|工作(也|都|又|就)?(丢了|没了)|被辞退|辞退|被开除|开除|被炒|炒鱿鱼|辞职|离职|下岗|找不到工作|待业|没(有)?班上|合同(到期|没续)|不要我了|被优化|优化掉|(公司|工厂|厂子|单位|厂)(倒闭|关门|破产|跑路|没了)(了)?(?!.{0,6}(我的|自己))|解雇|毕业(后|了)?(一直)?找不到|无业|在家待着|闲在家|打零工"),
    p("\\bdismissed\\b|\\bterminated\\b|\\bout of a job\\b|\\blet go from\\b|\\blet (me|him|her|us) go\\b|\\blost (my|his|her) (position|role|post|employment)\\b|\\b(company|firm|employer|factory|shop|store|restaurant) (i|we|he|she) (worked|work) (for|at)\\b.{0,20}\\b(closed|shut|went (bust|under|bankrupt))|\\blaid ?off\\b|\\blosing (my|his|her|our) jobs?\\b|\\blay-?offs?\\b|\\blost (my|his|her|our) jobs?\\b|\\bjob loss\\b|\\bredundan(t|cy)\\b|\\bfired\\b|\\bsacked\\b|\\bunemploy|\\bout of work\\b|\\bjobless\\b|\\blet go\\b|\\bcontract (ended|was not renewed|wasn'?t renewed|finished)\\b|\\bbetween jobs\\b|\\blooking for (a )?(new )?(job|work)\\b|\\bno job\\b|\\bno longer employed\\b|\\bquit my job\\b|\\blost employment\\b|\\bcompany (closed|shut down|went bust|went under)\\b"),
  ],
  income_reduction: [
    p("降薪|减薪|降工资|工资.{0,3}(降|减|砍|扣|少|缩|打折|只发|拖欠|没发|发不出|停发|晚发|不发)|(绩效|奖金|提成)(被)?(扣|砍|没)|到手(才|只有|就)|收入(减少|下降|降低|少了|缩水|锐减|大减|变少|不稳定)|少了一半|只(发|拿)(基本)?(工资|底薪|一半)|停工|停产|减产|放假|无薪假|带薪假|轮岗|轮休|待岗|工时(减少|缩短)|减少工时|上班(时间|天数)(少|减)|没(有)?(加班|奖金|提成|绩效)|(奖金|提成|绩效|补贴|加班费)(没了|取消|减少|少了|砍了)|拖欠工资|欠薪|(发不出|没发|停发|不发|拖欠|扣发)(了)?(我|我们)?(的)?(工资|薪水|薪资)|半年没发工资|(几|两|三|好几)个月(没|没有)发(工资)?|兼职|零工|打折发|只上.{0,3}(天|个)?班|(班|活)(少了|不多|没多少)|工资.{0,4}(打折|打了.{0,2}折)"),
    p("\\b(reduced|cut|slashed|halved) (my|our|his|her) (hours|pay|salary|wages|shifts)\\b|\\bpay (was |has been |got )?(cut|reduced|slashed|halved)\\b|\\bhalf (my|of my) (usual )?(salary|pay|wages)\\b|\\bshort-?time (working|work)\\b|\\bonly getting (half|part)\\b|\\bpay cut\\b|\\bcut\\b.{0,12}\\b(salary|pay|wages?|hours|shifts)\\b|\\bpaycut\\b|\\bsalary (cut|reduced|was cut|has been cut|reduction)|\\bwages? (cut|reduced|delayed|unpaid|not paid)|\\b(reduced|fewer|cut|less) (working )?hours\\b|\\bhours (have |has )?(been |got |were )?(cut|reduced|slashed|halved)\\b|\\bfurlough|\\bunpaid leave\\b|\\bhalf (pay|salary)\\b|\\bpart[- ]time\\b|\\b(income|earnings|pay|commission|bonus|overtime)( has| have)? (dropped|fallen|fell|gone down|went down|reduced|decreased|halved|cut|shrunk|stopped)\\b|\\b(lost|no) (my )?(bonus|commission|overtime)\\b|\\bhaven'?t been paid\\b|\\b(commission|bonus|overtime|tips|work|shifts|hours)( has| have)? (dried up|disappeared|stopped|gone)\\b|\\b(on )?(base|basic) (pay|salary) only\\b|\\bonly (on )?(base|basic) (pay|salary)\\b|\\bnot been paid\\b|\\bearning less\\b|\\bzero[- ]hours?\\b|\\bshort time\\b|\\bless money coming in\\b|\\b(hasn'?t|haven'?t|didn'?t|not) (paid|been paying) (me|my|our|us|wages|salar\\w*)\\b|\\bcut (\\w+'?s? )?hours\\b|\\b(reduced|lower|half|statutory) (pay|salary|wages|income)\\b|\\b(maternity|paternity|parental) (leave|pay)\\b"),
  ],
  business_difficulty: [
    p("生意|做买卖|饭馆|小吃店|超市|便利店|门面|店面|摊位|摆摊|作坊|养殖|种植|农场|果园|外贸|进货|供应商|经营贷|开店|(开|合伙开)了?(个|家|一家|一个)?.{0,4}(店|公司|厂|馆|铺|工作室)(?!.{0,2}(的人|员工))|合伙|开(的|了)?(个|家|一家|一个)?(小)?(饭店|店|公司|厂|饭馆|超市|餐厅|工作室)|买卖(不好|难做)|(店|铺子|门店|餐馆|饭店|餐厅|工作室|档口|摊位|厂子|小厂|网店)(倒闭|关门|关了|亏|赔|开不下去|做不下去|干不下去|经营|没客人|没生意|撑不下去)|(?<!到|去|在|来|打|给)(我|自己|我们家|家里)的?(公司|厂|工厂|店|小店|企业)|开(的)?(店|公司|厂)|创业|个体户|个体工商户|经营(不善|困难)|亏本|亏损|货款|回款|(客户|甲方|下游)(不给钱|拖款|欠款|赖账|跑路)|批发|做.{0,4}(生意|买卖)|货.{0,2}(全)?(烂|卖不出|积压)|压了.{0,3}货|(淘宝|网|抖音|拼多多|微商)店|订单(少|没了|取消|减少)|(没有|没)订单|营业额|流水(下降|少)|库存积压|货卖不出去|项目(黄了|停了|烂尾)|工程款|投资失败|合伙人跑路"),
    p("\\bbusiness\\b|\\b(my|our) (own )?(small )?(shop|store|restaurant|cafe|café|bakery|bar|company|firm|salon|stall|factory|farm|practice|startup|workshop|garage|studio|agency|takeaway)\\b|\\bself[- ]employed\\b|\\brevenue\\b|\\bsales (dropped|fell|are down|have dropped)\\b|\\bwent (bust|under|bankrupt)\\b|\\bfreelanc|\\binvoices?\\b|\\bcontractor\\b|\\bsupplier|\\btrade (dried up|is slow)\\b|\\blost money\\b|\\bloss-making\\b"),
    hint("\\bcustomers?\\b|\\bclients?\\b|\\borders\\b"),
    hint("\\bcompany\\b|\\bi run a\\b|\\bprofits?\\b"),
    hint("亏了|赔了|赔钱|亏钱|赔光"),
  ],
  family_emergency: [
    p("离婚|分居|闹离婚|家里出(了)?(点|一点|些)?(事|大事|状况)|家里有事|家中变故|家庭变故|照顾.{0,6}(老人|孩子|父母|爸|妈|家人|病人|老婆|老公|婆婆|公公|奶奶|爷爷|儿子|女儿)|要照顾|陪护|带孩子|家暴|老公(跑了|出轨|不管)|老婆(跑了|出轨|不管)|孩子(出事|住院|生病|病了|做手术)|坐月子|家里(人)?(住院|生病|病了)|赡养|抚养费"),
    p("\\bdivorc|\\bseparat(ed|ion)\\b|\\bbroke up\\b|\\bfamily (emergency|crisis|problems?|issues?)\\b|\\bcar(ing|e) for (my|an?)\\b|\\bcarer\\b|\\bcaregiver\\b|\\blook(ing)? after (my|our)\\b|\\bdomestic (violence|abuse)\\b|\\b(left me|walked out)\\b|\\bchild ?care\\b|\\btime off (work )?to (be with|care for|look after|stay with)\\b|\\bsingle (mum|mom|parent|dad|father|mother)\\b"),
  ],
  medical: [
    med("生病|病了|得病|患病|患了|查出|检查出|确诊|住院|入院|住了院|手术|开刀|看病|治病|治疗|医药费|医疗费|医院|病情|药费|骨折|摔伤|受伤|工伤|伤了|残疾|慢性病|糖尿病|高血压|心脏病|肾病|肝病|癌|肿瘤|化疗|放疗|白血病|尿毒症|透析|重症|icu|中风|脑梗|瘫痪|身体(不好|垮了|出了问题|出问题)|病倒|卧床|怀孕|流产|生孩子|剖腹产|抑郁症|精神病|康复|出院|治不好|看不起病|大病|重病|肺炎|发烧|感染|疼得|痛得|疱疹|得了.{1,6}(病|症|炎|疹|瘤|癌)|腰椎|颈椎|椎间盘|间盘突出|结石|痛风|关节炎|胃病|肾炎|肝炎|哮喘|甲亢|躺(在)?床上(起不来|动不了|好几|几|一|两|三)|病假|养病|疗养"),
    med("(?<!worried )\\bsick\\b(?! (of|and tired|to death))|\\b(am|was|been|is|be|got|fell|feel|feeling|i'?m|im|very|seriously|so|too|chronically|terminally|mentally|critically|gravely|became|become|getting|quite|really) ill\\b|\\bill (health|with)\\b|\\billness|\\bhospit\\w*|\\bsurgery\\b|\\bpneumonia\\b|\\binfection\\b|\\bbroken (leg|arm|back|hip|wrist|ankle)\\b|\\boperation\\b|\\binjur|\\bdiagnos|\\bmedical\\b|\\btreatment\\b|\\bcancer\\b|\\bchemo|\\btumou?r\\b|\\bstroke\\b|\\bheart attack\\b|\\bdialysis\\b|\\bbroke my (leg|arm|back|hip|wrist|ankle)\\b|\\bdisab(led|ility)\\b|\\bchronic\\b|\\bpregnan|\\bmaternity\\b(?! (leave|pay))|\\bintensive care\\b|\\bdepression\\b|\\bdisease\\b|\\brecovering\\b|\\bdoctor|\\bmedication\\b|\\bbed ?ridden\\b|\\bsurgeries\\b|\\bhealth (problems?|issues?|condition)\\b"),
  ],
  over_indebtedness: [
    p("以贷养贷|借新还旧|拆东墙补西墙|网贷|贷款(太多|好多|很多)|(好|很|太)多(张)?(卡|信用卡|平台|网贷|贷款|债)|(几|好几|十几|二十几|多|n)(张|个|家)(信用)?(卡|平台|网贷|贷款|银行)|多(张|个)(信用卡|平台)|([一二两三四五六七八九十几]+|\\d+)(张|个|家)(信用)?(卡|平台|网贷|贷款|银行)|多头(借贷|负债)|欠了?(好多|很多|一堆|一屁股)(债|钱|平台)|负债(累累|太多|太高|过高|太重)|债务(太多|缠身|太重|太高)|(到处|四处)借(钱)?|借呗|花呗|微粒贷|京东白条|白条|套现|信用卡.{0,6}(都)?(刷爆|爆了|逾期)|欠(了)?(十几|好几|几十|几)(个|家)|债台高筑|资不抵债|(各个|每个|所有|好几个|多个|几个)平台|欠(了)?(这么|那么|好|很)多(钱|债|网贷)?|欠(的|了)(钱|债)(太|好|很|这么|那么)多|欠了?.{0,3}(几|十几|二十几|三十几|几十|一百多)万"),
    p("\\btoo (many|much) (debts?|loans?|cards?|credit)\\b|\\bjuggl|\\b(several|multiple|many|lots of|a lot of|so many|four|five|six|seven|eight|nine|ten|a dozen|\\d+) (different )?(loans|lenders|credit cards|cards|debts|creditors|companies|apps|platforms|banks)\\b|\\bborrow(ing|ed)? (from one|to (re)?pay|more to)\\b|\\bpayday loans?\\b|\\ball (these|my|the|of my) debts\\b|\\bmaxed( out)?\\b|\\ball (this|these|that|the|my|of my) debts?\\b|\\ball (of )?(my|these|the|those) other (debts?|loans|cards|credit cards|lenders|creditors)\\b|\\bin over my head\\b|\\bdrowning in debt\\b|\\bdebts? everywhere\\b|\\bowe (everyone|everybody)\\b|\\brobbing peter\\b|\\bdebt spiral\\b|\\bbuy now,? pay later\\b|\\bbnpl\\b|\\bover-?indebted"),
  ],
  other: [
    p("借给(他|她|朋友|别人|亲戚|同事)(的)?.{0,8}(不还|没还|要不回|收不回)|被(朋友|亲戚|人)坑|学费|房租(涨|太贵|到期)|借(钱)?给(朋友|别人|亲戚)|(朋友|亲戚)(借钱|借了).{0,6}(不还|没还)|炒股|股票|基金|投资(亏|赔|失败)|赌博|赌|彩礼|装修|买房|首付|房贷|车贷|搬家|坐牢|被拘|罚款|养老|孩子上学|结婚|办婚礼|补税|交税|税款|罚单|车险|修车|(我|还)(是|在)(个)?(学生|上学|读书)"),
    p("\\bvet\\b|\\btuition\\b|\\bschool fees\\b|\\brent (went up|increased|rose)\\b|\\brent\\b|\\bstock market\\b|\\bshares\\b|\\bcrypto|\\bgambl|\\bwedding\\b|\\bmoving house\\b|\\blent (money|it) to\\b|\\bcar repairs?\\b|\\bbills piled up\\b|\\btax (bill|bills|demand|debt)\\b|\\b(car|van|boiler|roof) (broke down|broke|repair|needs? (fixing|repairs?))\\b|\\brepair (bill|costs?)\\b|\\b(i'?m|i am) (a |still a )?(student|at (uni|university|college))\\b"),
  ],
};

/** Relatives: a medical pattern in the same clause as one of these is a family emergency. */
export const RELATIVE =
  "(爸|妈|父亲|母亲|父母|老爸|老妈|老公|老婆|丈夫|妻子|媳妇|爱人|孩子|儿子|女儿|宝宝|小孩|爷爷|奶奶|外公|外婆|姥姥|姥爷|公公|婆婆|岳父|岳母|丈母娘|哥哥|姐姐|弟弟|妹妹|家人|家里人|亲人|老人|\\b(my|our) (wife|husband|partner|mother|father|mum|mom|dad|son|daughter|child|children|kids?|baby|brother|sister|parents?|grandmother|grandfather|grandma|grandpa|nan|gran|family|spouse|in-laws?|mother-in-law|father-in-law)\\b|^(mum|mom|dad|mother|father|grandma|grandpa|nan|gran)('?s)?\\b)";

/** The reasons in tie-break order when two score the same and start at the same place. */
export const REASON_ORDER = [
  "bereavement",
  "disaster",
  "family_emergency",
  "medical",
  "job_loss",
  "business_difficulty",
  "income_reduction",
  "over_indebtedness",
  "other",
] as const satisfies readonly Reason[];

export const VULNERABILITY_PATTERNS: Readonly<Record<Vulnerability, readonly Pattern[]>> = {
  self_harm_risk: SELF_HARM,
  // Softer signs come from the self-harm detector's second tier, not from a keyword list.
  self_harm_possible: [],
  serious_illness: SERIOUS_ILLNESS,
  mental_health: MENTAL_HEALTH,
};
