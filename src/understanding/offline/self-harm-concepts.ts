/**
 * The recall-first CONCEPT layer of the self-harm detector (POLICY.md §7: a message that speaks
 * of ending one's life, not wanting to live, or harming oneself carries `self_harm_risk`,
 * whatever else it says).
 *
 * Two blind rounds showed that whole-phrase lists do not generalise: a borrower in crisis
 * rarely writes the phrase we listed. This layer therefore matches CONCEPTS (short morphemes
 * of death, ending, leaving, sleeping for ever, farewell, methods and places), not phrases:
 *
 *  - STRONG concepts are self-directed by their very nature (自杀, 轻生, 不想活, 活够, 遗书,
 *    suicide, kms, unalive, "kill myself"): one is enough.
 *  - WEAK concepts (死, 天堂, 下辈子, 最后一次, 天台, 刀, 药, die, dead, pills, bridge, jump,
 *    gone, disappear, "way out") fire only together with a first-person or desire/plan frame
 *    (我/自己/想/要/准备/算了/干脆…; I/me/my/want/going to/thinking…).
 *
 * Before matching, three kinds of text are masked so they can neither fire nor hide a cue:
 * intensifier idioms (done by self-harm.ts: 累死了, 死定了, "this is killing me", "dead broke"),
 * object/contract contexts (结束这个贷款, 最后一次还款, 办后事, "end this contract", "kill the
 * direct debit", "my phone died", "bridge loan", "jump at"), and a hit whose clause is about a
 * third person with no first person in it (我爸去世了, 爷爷的后事, "my father died", "my husband's
 * in hospital after an overdose").
 *
 * A false alarm costs a kind welfare check-in; a miss can cost a life. So when in doubt, fire.
 */

export interface ConceptHit {
  readonly name: string;
  readonly index: number;
}

interface Concept {
  readonly name: string;
  readonly re: RegExp;
  /** Weak concepts need a first-person or desire/plan frame somewhere in the message. */
  readonly weak: boolean;
  /** Farewells and entrusting dependants name other people by nature: no third-party check. */
  readonly anySubject?: boolean;
}

const strong = (name: string, re: RegExp): Concept => ({ name, re, weak: false });
const weak = (name: string, re: RegExp): Concept => ({ name, re, weak: true });
const others = (c: Concept): Concept => ({ ...c, anySubject: true });

const KIN_ZH =
  "(爸爸|妈妈|爸|妈|父亲|母亲|父母|爹|娘|老公|老婆|丈夫|妻子|媳妇|爱人|对象|孩子|儿子|女儿|宝宝|爷爷|奶奶|外公|外婆|姥姥|姥爷|公公|婆婆|岳父|岳母|哥哥|姐姐|弟弟|妹妹|哥|姐|弟|妹|家人|亲人|朋友|同事|邻居|老板)";
const KIN_EN =
  "(wife|husband|partner|mother|father|mum|mom|dad|son|daughter|child|children|kids?|baby|brother|sister|parents?|grandmother|grandfather|grandma|grandpa|nan|gran|nana|granny|spouse|uncle|aunt|cousin|friend|mate|neighbou?r|boss|colleague|dog|cat|pet)";

/**
 * Object, contract and third-party contexts: replaced by a neutral mark before concepts are
 * matched. Kept deliberately narrow: each entry names what is ending or dying (a loan, a phone,
 * a relative), so a borrower's own words about themselves are never masked.
 */
const CONTEXT_MASKS: readonly RegExp[] = [
  // zh: endings of a loan, a plan, a chat; the last instalment; funerals of others.
  /结束(这个|这笔|这次|本次|我的|那个)?(贷款|借款|分期|合同|协议|对话|聊天|会话|通话|服务|业务|扣款|账户)/gu,
  /最后一(次|期|笔)(还款|扣款|付款|缴费|账单|分期|逾期|机会|提醒|确认|申请|修改|是|在|什么|哪|多少)|最后一期|最后还款日/gu,
  /(处理|办|操办|料理|忙)(完)?(了)?.{0,3}后事|后事(办完|花了|花费|费用)/gu,
  /(得|的)要死|(压|累|穷|饿|烦|急|愁|吓|忙|热|冷|困|笑)(得)?(要)?死(了|我了|人了|人)?|死也(要|会|得|一定)|要(了)?(我的?)?(老)?命/gu,
  /(下辈子|几辈子|八辈子|这辈子|一辈子)(都|也)?还不(完|清|起|上)/gu,
  /(你|你们|他|他们|她|她们|银行|催收|客服)(都|就|给我|全)?(去)?死(吧|去|全家|了算了)?|死(全家|你们)/gu,
  /死马当活马医|死也不|要死要活|半死不活|死(了)?(这条)?心|死工资|死期(存款)?|死账|死档|生死(存亡|攸关)|不死心|死(缓)/gu,
  /(绳子?|刀具?|药|农药)(厂|店|批发|生意)|一刀切|开刀|刀口|砍一刀|挨了?一刀|刀子嘴|两面三刀|捅刀子?|割(了)?(阑尾|扁桃体|胆囊|包皮|双眼皮|痔疮)|割肉|割韭菜|收割|分割|切割|划(账|扣|款|走|拨|转|算)|跳槽|跳过|跳票|心跳|跳舞|跳绳|吃错药|药费|医药|买药|开药|吃药(治|看)/gu,
  // en: endings and deaths of things, contracts and other people.
  /\b(end|ending|ended|cancel|close|terminate|kill|killing)\s+(this|the|my|that|our)?\s*(contract|loan|agreement|deal|plan|arrangement|direct debit|standing order|autopay|subscription|account|card|chat|conversation|call|session|payments?|instal?ments?|credit line|mortgage|lease)\b/gu,
  /\bway out of (this|the|my|that) (contract|loan|agreement|deal|plan|arrangement|mortgage|lease)\b/gu,
  /\b(jump|jumped|jumping) (at|through|the queue|ship|the gun|start|in price|in rates?)\b|\bjumped\b.{0,10}\b(rate|price|interest|fees?)\b|\b(interest|rates?|prices?|fees?|bills?) (have |has )?(jumped|jump)\b/gu,
  /\bend of (my|the|his|her) (rope|tether)\b|\bjump(ing)? on (a|the) (call|phone|train|bus|plane|flight)\b|\b(bridge|road) tolls?\b|\btoll bridge\b|\bbridg(e|ing) (loan|club|the gap|financing|finance)\b|\b(the|a) death of me\b|\bdeath (benefit|certificate|in service)\b/gu,
  /\b(pills?|tablets?|medication|meds) (for|from) (my|the|his|her|their|a|an)\b|\b(paid|pay|paying) (for )?(the |my )?(pills|tablets|medication|meds)\b/gu,
  /\b(could|would|nearly|almost|might|gonna|going to) (just )?die (of|from) (embarrassment|shame|laughter|laughing|boredom)\b|\bdie laughing\b|\bmade me die\b|\b(a )?death in the family\b/gu,
  /\b(my|our|his|her|their|the) (phone|battery|laptop|car|engine|business|shop|plant|crops?|garden)('?s)? (is |was |about to |going to |gonna |just )*(\w+ )?(die|died|dead|dying)\b/gu,
];

/** A first-person subject or a desire/plan word. */
const FRAME_ZH = /我|自己|本人|俺|咱|想|要|准备|打算|算了|干脆|不如|宁可|宁愿|总行|满意|决定|已经|手里|站在|坐在|就/u;
const FRAME_EN =
  /\b(i|i'?m|im|i'?ve|ive|i'?d|id|i'?ll|me|my|myself|mine|want|wanna|gonna|going to|plan|planning|thinking|think about|wish|rather|ready|about to|decided|might|maybe)\b/u;

/** A third person who may be the subject of a death word in the same clause. */
const THINGS_ZH = "店|公司|生意|厂|买卖|企业|门店|铺子|手机|电脑|系统|页面|猫|狗|宠物|花|鱼";
const THIRD_ZH = new RegExp(`${KIN_ZH}|(?<![其])他|她|它|人家|别人|(?<![没])有人|男子|女子|网友|明星|${THINGS_ZH}`, "u");
const THINGS_EN = "business|shop|store|company|firm|phone|battery|laptop|car|engine|app|account|plant|crops?";
const THIRD_EN = new RegExp(`\\b(${KIN_EN}|he|she|they|him|her|them|someone|somebody|people|${THINGS_EN})('?s)?\\b`, "u");
const FIRST_ZH = /我(?!的?(爸爸|妈妈|爸|妈|父亲|母亲|父母|老公|老婆|丈夫|妻子|媳妇|爱人|孩子|儿子|女儿|宝宝|爷爷|奶奶|外公|外婆|姥姥|姥爷|公公|婆婆|哥哥|姐姐|弟弟|妹妹|哥|姐|弟|妹|家人|亲人|朋友|同事|邻居|老板|家))|自己|本人|俺/u;
const FIRST_EN = new RegExp(`\\b(i|i'?m|im|i'?ve|i'?d|i'?ll|me|myself|mine)\\b|\\bmy\\b(?!\\s+(late\\s+|dear\\s+|poor\\s+|best\\s+)?${KIN_EN}\\b)`, "u");

const CONCEPTS: readonly Concept[] = [
  // ---- zh, strong: self-directed by nature
  strong("zh:suicide", /自杀|自尽|轻生|寻死|求死|短见|自残|自伤|伤害自己|了结|了断|一了百了|一死|自我毁灭|zs|zisha|zi sha|bxhl|bu ?xiang ?huo/u),
  strong("zh:not-live", /不(想|愿|要|打算)?(再)?活|不(相|向|象|像)活|活不(下去|了|成|起|长)|活够|活腻|活着|活下去|活在(这个)?世上|生无可恋|生不如死|人间不值得|没有?(勇气|理由|意义)活/u),
  strong("zh:want-die", /(想|要|去|该|得|只能|只好|不如|干脆|宁可|宁愿|还不如|总|可以|让我|准备|打算)(去)?死|死(了|掉)?(算了|就好|也好|拉倒|罢了|干净|最好|一了百了|就不用|就没事|总行)|死给|以死|求你们让我死/u),
  strong("zh:leave-world", /离开(这个|这)?(世界|人世|人间)|告别(这个)?(世界|人间)|不在(这个)?(世上|人世|人间)|(就|会|快|要|已经|早就|早)不在了|(我|等我|如果我|要是我)(走|死|不在)了(以后|之后|的话)?|先走(了|一步)|走一步|(跟|随|陪)(他|她|你|我(的)?\S{0,2})(一起)?(走|去)(了|吧)?$|一起走|一走了之|投胎|下辈子|来世|来生|下一世|天堂|天上(见|去)|另一个世界|那个世界|去那边/u),
  others(strong("zh:join-dead", /(去|想|要)(见|陪|找)(我)?(的)?(去世的|死去的|走了的)?(爸爸|妈妈|爸|妈|父亲|母亲|奶奶|爷爷|外婆|外公|姥姥|姥爷|老公|老婆|孩子|儿子|女儿)/u)),
  strong("zh:no-wake", /一觉不醒|一睡不醒|(不|别|不想|不要|永远不)(再)?醒(来|过来)?|醒不(来|过来)|睡(过去|着)(就)?(不|别|再也不)|永远(睡|消失|闭上)|长眠|安息/u),
  others(strong("zh:farewell", /遗书|遗言|后事|交代好|最后一次|最后一(条|句)|最后(跟|和|给)你们|永别|诀别|再见了?(大家|各位|所有人|这个世界|世界|爸妈|妈妈|爸爸|孩子)|对不起(大家|所有人|家人|家里|爸妈|父母|孩子|老婆|老公|妈妈|爸爸|女儿|儿子)|拜托.{0,6}照顾|(以后|今后)(就)?(拜托|交给|托付)|(如果|要是|万一|假如)我.{0,4}出(了)?(什么|点)?事|(号码|手机|电话|微信|账号)(以后)?(就)?(没人|不会再有人|再也没人)(用|接|回)|(告诉|转告)(我的?)?(爸爸|妈妈|爸|妈|父母|老公|老婆|孩子|儿子|女儿|家人).{0,10}(爱|对不起|别(难过|哭|怪|找))/u)),
  strong("zh:place", /天台|楼顶|顶楼|桥上|桥边|悬崖|窗台|铁轨|卧轨|(河|江|海|湖)边(坐|站|待|走)|站在.{0,4}(边|上)/u),
  strong("zh:method", /跳(楼|河|江|海|湖|桥|崖|轨|下去|下来|了下去)|上吊|吊死|绳子|绳索|烧炭|木炭|炭|煤气|安眠药|农药|老鼠药|敌敌畏|百草枯|刀片|割(腕|脉|手|了)|划(伤)?(自己|手腕|手臂|胳膊)|吞(了|下)|(一|整|半)(瓶|把|盒|板)药|药(都|也|已经)?(买|攒|准备|备|存)(好|够|了)|攒(了)?.{0,3}药|(吃|喝)(了)?(好多|很多|一堆|一把)/u),
  others(strong("zh:life-worthless", /(这条|我的|我这条|这|烂|贱)命|命(都)?不(想)?要了|以命|(用|拿|以)(我的?|这条)?(烂|贱)?命|命来(还|赔|抵)|没有我.{0,6}(更好|轻松|解脱)|没(了|有)我.{0,4}(会|就)|世界(上)?(少|没)(了)?(我|一个我)|消失(吧|算了|最好|就好|掉)|想消失|我.{0,3}消失|拖累|累赘|解脱|结束(自己|生命|一切|这一切|这辈子|掉自己|吧)/u)),
  strong("zh:world", /(这个|这)?世界.{0,6}(不想|拜拜|再见|告别|不配|待不下去|没有我)|不想.{0,4}(待|呆)(在)?(这个)?世界|不配(活|存在)|存在(就是)?(个|一个)?错误|不该(出生|存在|活)|(人生|这辈子|这一生|我这一辈子).{0,6}(不玩|结束|到头|game ?over)|另一边|(看不到|等不到|活不到)(下个月|明天|明年|那天)|(联系不上|找不到|见不到)我|再也(见不到|联系不上|找不到)|(晚安|再见|拜拜).{0,4}永远|永远(的)?(晚安|再见|拜拜)|受益人|(写|留)给.{0,8}的?(信|纸条)|给(我)?(的)?(爸爸|妈妈|爸|妈|父母|老公|老婆|孩子|儿子|女儿|家人)的(信|纸条|话)|(?<!(不还|不会还|不打算还|催|电话|短信|要钱|还钱|没钱).{0,8})(不用|别)再找我了?|(密码|存款|积蓄|东西|房子|钱).{0,10}留给|(下个月|明天|明年|下周).{0,8}(看不到|等不到)|(在)?下面(等|陪)|去下面|我(人)?(都)?(就|快|要)没了/u),
  strong("zh:no-breath", /(不想|不要|别|再也不|不再)(再)?(睁开|睁眼|呼吸)|闭上眼睛.{0,6}(不|别)|(怎么|怎样|如何)(才能)?(走|死)(得)?(不痛|快|舒服)|不痛苦(地|的)?(走|死|离开)|无痛/u),
  strong("zh:water-height", /(开|冲|走|跳|沉)(进|到)(江|河|海|湖|水)|(江|河|海|湖)里|(想|好想|要)(跳|飞)?下去|(跳|飞|栽|摔)下去|够高|\d+(楼|层).{0,6}(跳|飞|高|下)|跳\s?(lou|he|hai)|tiao ?lou|(手腕|手臂|胳膊|腿)(上)?.{0,4}(口子|刀口|伤口|血)|(水|血)(都)?红了/u),
  strong("zh:cant-go-on", /(?<!店|公司|生意|厂|买卖|企业|门店|铺子)(撑|熬|坚持|挺)不(下去|住|过去)/u),
  // ---- zh, weak: need a first-person or plan frame
  weak("zh:death", /死|(?<![a-z])si(?![a-z])/u),
  weak("zh:blade", /刀|割|划(伤|破|了)?(自己|手|腕|胳膊)/u),
  weak("zh:pills", /药/u),
  weak("zh:go", /走了以后|走了之后|走之前/u),
  // ---- en, strong
  strong("en:suicide", /\bsuicid|\bsucide|\bsuicde|\bkill(ing|ed)? ?(my ?self|myslef|meself)\b|\bkms\b|\bunaliv|\boff(ing)? myself\b|\bself[- ]?harm|\b(hurt|harm|cut|hurting|harming|cutting|burn|burning)\s+(my ?self|my (wrists?|arms?|legs?|skin|body))\b|\bcutting (again|myself)\b|\bend(ing)? my (own )?life\b|\btak(e|ing) my (own )?life\b|\b(hang|drown|poison|gas|shoot) myself\b/u),
  strong("en:not-live", /\b(want|wanna|wish) (to )?(die|be dead|not exist|not be here|not wake)\b|\b(don'?t|do not|dont|no longer|never) (want|wanna|wish) to (live|be alive|be here|exist|wake|go on|carry on)\b|\b(tired|sick|done) (of|with) (living|life|being alive|everything|it all)\b|\bnot worth living\b|\blife (is not|isn'?t|'?s not|ain'?t) worth\b|\bno (point|reason) (in |to )?(living|live|going on|being here|carrying on)\b|\bnothing (left )?to live for\b|\b(lost the|no|lost my) will to live\b|\bwhat'?s the point (of|in) (living|life|going on)\b|\brather (be )?(dead|die)\b|\bwish i (was|were) (dead|never born|gone)\b|\bworth more dead\b|\bbetter off (dead|without me)\b|\bpoint (in|of) (living|going on|carrying on|being alive|life)\b|\b(keep|go on|carry on) living\b|\bstay alive\b|\blife('?s| is) not worth\b|\bwithout me\b|\bif i (just )?(wasn'?t|weren'?t|was not|were not) (around|here|alive)\b|\bif i (just )?(disappeared|died|vanished|was gone|were gone)\b/u),
  strong("en:ending", /\bend(s|ed|ing)? (it|it all|things|everything|this life|the pain|my suffering)\b|\b(it|everything|this) (all )?(to )?be over\b|\b(it|everything|this) (all )?(to )?(be )?over (for good|forever|soon)\b|\bcheck(ing)? out (for good|early|permanently|of (life|here))\b|\b(no|only one|one|the only) (other )?way out\b|\bway out except\b|\bsee a way out\b|\bpain to (stop|end)\b|\b(stop|end) the pain\b|\bcan'?t (go on|carry on|keep going|do this any ?more|take (it|this|any) ?more)\b|\b(not|never) (to )?wak(e|ing) up\b|\bsleep (forever|for good)\b|\bgo to sleep (and|forever)\b|\bdisappear(ed)? (forever|for good|permanently)\b|\b(want|wanna|going) to disappear\b|\bpermanent (one|way|solution)\b/u),
  others(strong("en:farewell", /\blast (message|time you'?ll hear|goodbye|words)\b|\b(letters?|notes?) (to|for) (my|the) (kids|children|family|wife|husband|son|daughter|parents|mum|mom|dad|sister|brother)\b|\bsuicide note\b|\b(sorted|sort|sorting|put|putting|got) (out )?my affairs\b|\baffairs in order\b|\bgiv(e|en|ing) away (my|all my) (dog|cat|pets?|stuff|things|belongings|possessions)\b|\b(goodbye|farewell|bye)\b.{0,40}\b(sorry|love|forever|for good|everyone|everybody|world|tell my|kids|family)\b|\b(sorry|love you)\b.{0,30}\b(goodbye|farewell)\b|\btell (my|the) (kids|children|son|daughter|wife|husband|family|mum|mom|dad|parents|sister|brother)\b.{0,20}\b(sorry|love)\b|\bafter i'?m gone\b|\bwhen i'?m gone\b|\bonce i'?m gone\b|\bif i (was|were|'?m) gone\b|\b(nobody|no one|noone|no-one) (would|will|'?d|is going to|gonna) (miss|notice|care)\b|\b(won'?t|will not|not going to|not gonna) be (a problem|a burden|your problem|around|here|alive)\b|\b(i'?m|i am|if i'?m) not (around|here) (next|much|any|by|tomorrow)\b|\bheaven\b|\bsee (my )?(late )?(mum|mom|mother|dad|father|wife|husband|son|daughter|nan|gran|grandma|grandpa) again\b/u)),
  others(strong("en:final", /\b(ready|time|going) to go\b(?! (ahead|with|through|on|to|out|back|home|over|for))|\btonight i go\b|\bi'?ll (have|be) gone\b|\bmade (a|my) will\b|\bmy (own )?funeral\b|\bmade my peace\b|\bmade (my|the) decision\b|\bnothing matters (now|anymore|any more)\b|\b(never|not) (to )?come back\b|\binto the (sea|river|lake|ocean|water|traffic)\b|\bmy (life )?insurance (pay ?out|money|will)\b|\bget my (life )?insurance\b|\binsurance pay ?out\b|\bend(ing)? my ?self\b|\bengine running\b|\bexhaust (pipe|fumes)\b|\bcarbon monoxide\b|\bcharcoal\b|\bslash(ed|ing)? my\b|\b(hoard|stockpil|sav|collect|stash)\w* (up )?(my |all my )?(insulin|meds|medication|pills|tablets|painkillers|paracetamol|sleeping pills)\b|\bwithout (people like )?me\b|\b(fastest|quickest|easiest|painless|best|surest) way to (go|die|end it|do it)\b|\bwon'?t (need|owe) .{0,30}\b(ever|again|after)\b|\b(tell|pass on to|let) (my|the) (kids|children|son|daughter|wife|husband|family|mum|mom|dad|parents|sister|brother)\b.{0,25}\b(sorry|love|loved)\b|\bjoin(ing)? (my|our) (late )?(wife|husband|partner|mother|father|mum|mom|dad|son|daughter|child|baby|brother|sister|parents|grandma|grandpa|nan|gran)\b|\bhow (high|tall|far down)\b/u)),
  strong("en:method", /\boverdos|\b(noose|rope|gun|shotgun|pistol|firearm|razor|blade)\b|\b(the|my|these|those|all the|all my|every|a bottle of|a handful of|enough) (sleeping )?(pills|tablets|painkillers|paracetamol)\b|\b(in front of|under) (a|the) (train|bus|lorry|truck|car)\b|\btrain tracks\b|\brailway (line|tracks)\b|\b(on|at|off) (the|a|this) (bridge|roof|rooftop|ledge|cliff|edge)\b|\bjump(ing)? (off|from|in front)\b|\bdriv(e|ing) (my car |the car |myself )?(off|into) (the|a)\b|\bcrash(ing)? (the|my) car\b/u),
  // ---- en, weak
  weak("en:death", /\b(die|died|dying|dead|death|deathbed)\b/u),
  weak("en:gone", /\b(i'?ll be|i will be|i'?m|i am|be) gone\b|\bdisappear\b/u),
  weak("en:pills", /\b(pills?|tablets?|painkillers|paracetamol|sleeping pills)\b|\b(all|every|whole|bottle|handful|stash|stockpile|enough)( of)? (my |the )?(meds|medication|medicine)\b|\b(meds|medication|medicine) at once\b/u),
  weak("en:jump", /\b(jump|jumping|bridge|rooftop)\b/u),
];

/** Clause boundaries for the third-party check (a comma or a full stop ends a clause). */
const CLAUSE_END = /[，,。.;；!！?？\n]|但是|可是|\bbut\b/gu;

function clauseAround(text: string, index: number): string {
  let start = 0;
  for (const m of text.slice(0, index).matchAll(CLAUSE_END)) start = m.index + m[0].length;
  const rest = text.slice(index);
  const endRel = rest.search(/[，,。.;；!！?？\n]/u);
  return text.slice(start, endRel < 0 ? text.length : index + endRel);
}

/** Companions ("跟他一起走", "be with my mum") are not the subject of the clause. */
const COMPANION = new RegExp(`(跟|和|陪|随|同|去见|去找|去陪)(着)?(我的?)?(${KIN_ZH.slice(1, -1)}|他|她)|\\b(with|see|join) (my |our )?(late )?${KIN_EN}\\b`, "gu");

/**
 * The hit is about someone else: the nearest subject before it in its clause is a third person
 * or a thing ("我爸死了", "my father died", "我的小店快撑不下去了", "her overdose").
 */
export function aboutSomeoneElse(text: string, index: number): boolean {
  const clause = clauseAround(text, index);
  const offset = text.lastIndexOf(clause, index);
  const before = (offset >= 0 ? clause.slice(0, index - offset) : clause).replace(COMPANION, " ");
  let last: "first" | "third" | null = null;
  let lastAt = -1;
  for (const [kind, re] of [["first", FIRST_ZH], ["first", FIRST_EN], ["third", THIRD_ZH], ["third", THIRD_EN]] as const) {
    for (const m of before.matchAll(new RegExp(re.source, "gu"))) {
      if (m.index >= lastAt) {
        last = kind;
        lastAt = m.index;
      }
    }
  }
  return last === "third";
}

/** Death idioms that are masked as intensifiers but here say "let me die" (饿死也好, 累死算了). */
export const UNMASKED_WISH = /(饿|冻|累|病|穷|气)死(也好|算了|就好|拉倒|了事|得了)/u;

export function maskContexts(text: string): string {
  let out = text;
  for (const re of CONTEXT_MASKS) out = out.replace(re, "〇");
  return out;
}

/**
 * Concept hits in an (already idiom-masked, normalised) message. Weak concepts need a frame in
 * the message; any concept whose clause is about someone else only (a relative's death, a
 * friend's overdose) is dropped.
 */
export function conceptHits(maskedText: string): ConceptHit[] {
  const text = maskContexts(maskedText);
  const framed = FRAME_ZH.test(text) || FRAME_EN.test(text);
  const hits: ConceptHit[] = [];
  for (const c of CONCEPTS) {
    if (c.weak && !framed) continue;
    const re = new RegExp(c.re.source, "gu");
    for (const m of text.matchAll(re)) {
      if (m[0].length === 0) continue;
      if (!c.anySubject && aboutSomeoneElse(text, m.index)) continue;
      hits.push({ name: c.name, index: m.index });
      break;
    }
  }
  return hits;
}
