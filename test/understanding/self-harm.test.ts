import { expect } from "chai";
import { normalize } from "../../src/understanding/offline/normalize.js";
import { detectSelfHarm, maskIdioms } from "../../src/understanding/offline/self-harm.js";

describe("the self-harm detector (recall first, idioms excluded)", () => {
  const positives = [
    "对不起大家 我先走了",
    "癌症晚期 不想拖累家人 想早点走",
    "好想去陪我妈 她走了以后我什么都没了",
    "绳子都准备好了",
    "下辈子再还你们吧",
    "炭已经点上了",
    "孩子以后就拜托给我妈了",
    "我要是死了 债是不是就不用还了",
    "goodbye everyone, sorry for everything",
    "I have the rope ready",
    "everyone would be happier if I just disappeared",
    "not sure I want to keep living",
    // the concept layer: new indirect phrasings caught by concept + frame, not by a listed phrase
    "我想 si 了",
    "真的不像活了",
    "好想去见我奶奶",
    "这栋楼够高了吧",
    "I'm going to take every pill in the cabinet",
    "the only way out I can see is a permanent one",
    "I've given away my dog and sorted out my affairs",
  ];
  for (const text of positives) {
    it(`when the borrower writes "${text}", then the detector fires`, () => {
      expect(detectSelfHarm(normalize(text)).flagged).to.equal(true);
    });
  }

  const idioms = [
    "累死了 天天加班",
    "要钱没有 要命一条",
    "死活还不上",
    "死扛也会还上的",
    "我爸去年走了 家里顶梁柱没了",
    "my boss will kill me if I miss another shift",
    "I'm dying to pay it off",
    "dead tired",
    "our dog died",
    "killing myself with overtime just to keep up",
    "the deadline is friday",
    "我死定了，这个月又逾期了",
    "我爸上个月去世了",
    "爷爷的后事办完了",
    "最后一次还款是哪天？",
    "我想结束这个贷款",
    "I want to end this contract early",
    "my father died and left me his credit card debt",
    "my phone's about to die",
    "I'll jump at any plan you can offer",
    "my son overdosed last year and I've been paying for his rehab",
  ];
  for (const text of idioms) {
    it(`when the borrower writes "${text}", then the detector stays quiet`, () => {
      expect(detectSelfHarm(normalize(text)).flagged).to.equal(false);
    });
  }

  it("when an intensifier idiom is masked, then a real cue later in the message still fires", () => {
    const t = normalize("累死了，真的不想活了");
    expect(maskIdioms(t)).not.to.contain("累死");
    expect(detectSelfHarm(t).flagged).to.equal(true);
  });
});
