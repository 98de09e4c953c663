import { expect } from "chai";
import { readFileSync } from "node:fs";
import { datasetFiles, datasetPath, loadDataset, loadFile } from "../../src/understanding/dataset.js";
import { evaluate } from "../../src/understanding/evaluate.js";
import { textFeatures } from "../../src/understanding/learned/features.js";
import { LearnedModel, ModelArtefact, modelPath } from "../../src/understanding/learned/model.js";
import { selfHarmTier, type SelfHarmThresholds } from "../../src/understanding/learned/self-harm-tier.js";
import { fitTemperature, nll, reliability } from "../../src/understanding/learned/softmax.js";
import { fingerprint, trainArtefact } from "../../src/understanding/learned/train.js";
import { createOfflineClassifier, LexiconClassifier, OfflineClassifier } from "../../src/understanding/offline/index.js";

describe("the learned offline model", () => {
  describe("the shipped artefact", () => {
    const raw: unknown = JSON.parse(readFileSync(modelPath(), "utf8"));

    it("when the shipped model file is read, then it is a valid artefact with a version and a temperature per head", () => {
      // act
      const artefact = ModelArtefact.parse(raw);
      // assert
      expect(artefact.version).to.match(/^\d+\.\d+\.\d+$/);
      for (const head of Object.values(artefact.heads)) expect(head.temperature).to.be.greaterThan(0);
    });

    it("when the train files are fingerprinted, then they are exactly the rows the shipped model was trained on (retrain after any data change)", () => {
      // arrange
      const artefact = ModelArtefact.parse(raw);
      const files = datasetFiles("train");
      // act
      const sha = fingerprint(files.flatMap(loadFile));
      // assert
      expect(artefact.trainedOn.files).to.deep.equal(files.map((f) => f.split("/").pop()));
      expect(sha).to.equal(artefact.trainedOn.sha256);
    });

    it("when the shipped file is measured, then it stays small (under 2 MB)", () => {
      expect(readFileSync(modelPath()).length).to.be.below(2 * 1024 * 1024);
    });
  });

  describe("training", () => {
    // A small, varied slice keeps this fast; the full run is `npm run train:classifier`.
    const rows = loadDataset("train").filter((_, i) => i % 12 === 0);

    it("when the same rows are trained on twice, then the artefacts are identical (seeded, no time stamp)", () => {
      // act
      const a = trainArtefact(rows, ["slice"]).artefact;
      const b = trainArtefact(rows, ["slice"]).artefact;
      // assert
      expect(JSON.stringify(a)).to.equal(JSON.stringify(b));
    });

    it("when a model is trained on a slice, then it classifies its own training rows mostly right (it learns)", () => {
      // arrange
      const model = new LearnedModel(trainArtefact(rows, ["slice"]).artefact);
      // act: through the real offline classifier with this model
      const report = evaluate(new OfflineClassifier({ model }), rows);
      // assert
      expect(report.intentAccuracy).to.be.above(0.85);
    });
  });

  describe("calibration", () => {
    it("when temperature scaling is fitted to over-confident scores, then the held-out NLL does not get worse", () => {
      // arrange: scores twice as large as they should be; label 0 is right 70 % of the time
      const scores = Array.from({ length: 100 }, () => Float64Array.from([4, 0, 0]));
      const ys = Array.from({ length: 100 }, (_, i) => (i % 10 < 7 ? 0 : 1 + (i % 2)));
      // act
      const t = fitTemperature(scores, ys);
      // assert
      expect(t).to.be.greaterThan(1);
      expect(nll(scores, ys, t)).to.be.below(nll(scores, ys, 1));
    });

    it("when the reliability of perfectly calibrated predictions is measured, then the ECE is near zero", () => {
      // arrange: 80 % right at confidence 0.8
      const preds = Array.from({ length: 100 }, (_, i) => ({ confidence: 0.8, correct: i % 5 !== 0 }));
      // act / assert
      expect(reliability(preds).ece).to.be.below(1e-9);
    });

    it("when the shipped model classifies the pooled held-out splits, then its intent confidence is calibrated (ECE under 0.1)", () => {
      // arrange
      const rows = [...loadDataset("test"), ...loadDataset("blind2"), ...loadDataset("blind4")];
      // act
      const report = evaluate(createOfflineClassifier(), rows);
      // assert
      expect(report.calibration.ece).to.be.below(0.1);
    });
  });

  describe("against the old product (lexicons + naive-Bayes fallback trained on the old train.jsonl)", () => {
    const old = new LexiconClassifier({ training: loadFile(datasetPath("train")) });
    const learned = createOfflineClassifier();

    it("when both classify the blind sets of the two newest hands (blind-c, blind-d), then the learned model's intent accuracy is at least 10 points higher and it flags more self-harm", () => {
      // arrange
      const rows = [...loadDataset("blind-c"), ...loadDataset("blind-d")];
      // act
      const l = evaluate(learned, rows);
      const o = evaluate(old, rows);
      // assert
      expect(l.intentAccuracy).to.be.at.least(o.intentAccuracy + 0.1);
      expect(l.selfHarm.detected).to.be.greaterThan(o.selfHarm.detected);
      expect(l.falseAlarms.count).to.be.at.most(o.falseAlarms.count);
    });

    it("when both classify the old held-out splits (test, blind2, blind4: the old lexicons were tuned on their misses), then the learned model is within one point on intent and flags every self-harm row at least possible", () => {
      // arrange
      const rows = [...loadDataset("test"), ...loadDataset("blind2"), ...loadDataset("blind4")];
      // act
      const l = evaluate(learned, rows);
      const o = evaluate(old, rows);
      // assert
      expect(l.intentAccuracy).to.be.at.least(o.intentAccuracy - 0.01);
      expect(l.selfHarm.recall).to.equal(1);
      expect(l.falseAlarms.count).to.be.at.most(o.falseAlarms.count);
    });
  });

  describe("features", () => {
    it("when a Chinese message is featurised, then it has character 1–3-grams and jieba words", () => {
      const f = textFeatures("被公司优化了");
      expect(f).to.include.members(["c1:优", "c2:优化", "c3:公司优", "j:公司", "j:优化"]);
    });

    it("when an English message is featurised, then it has words, bigrams and character 3–5-grams with digits folded", () => {
      const f = textFeatures("paid 1500 twice");
      expect(f).to.include.members(["w:paid", "b:paid_0000", "e3:<pa", "e5:twice", "w:0000"]);
    });

    it("when a message is a bare amount, then it carries the bare-number shape feature", () => {
      expect(textFeatures("¥2,000")).to.include("s:bare_number");
      expect(textFeatures("我欠2000")).not.to.include("s:bare_number");
    });
  });

  describe("self-harm tiers", () => {
    const t: SelfHarmThresholds = { possibleAt: 0.3, riskAt: 0.5, riskWithDetectorAt: 0.2 };
    const towardsRisk = [0, 0.5, 2];
    const towardsNone = [2, 0, 0];

    it("when the detector fires and the model gives some risk, then the tier is risk", () => {
      expect(selfHarmTier(true, { possible: 0.1, risk: 0.3, evidence: towardsRisk }, t)).to.equal("self_harm_risk");
    });

    it("when the detector fires but the model sees no risk, then the tier is still at least possible", () => {
      expect(selfHarmTier(true, { possible: 0, risk: 0, evidence: towardsNone }, t)).to.equal("self_harm_possible");
    });

    it("when only the model sees self-harm, then it needs to be very sure for risk and otherwise says possible", () => {
      expect(selfHarmTier(false, { possible: 0.05, risk: 0.95, evidence: towardsRisk }, t)).to.equal("self_harm_risk");
      expect(selfHarmTier(false, { possible: 0.1, risk: 0.6, evidence: towardsRisk }, t)).to.equal("self_harm_possible");
    });

    it("when the probability comes from the base rate alone (the words point away), then nothing is flagged", () => {
      expect(selfHarmTier(false, { possible: 0.2, risk: 0.3, evidence: towardsNone }, t)).to.equal("none");
    });
  });
});
