import { expect } from "chai";
import { parseAmount } from "../../src/parsing/amount.js";

const YUAN = 100;

/** [what the borrower typed, minor units expected (null = ask again)] */
const CASES: Array<[string, number | null]> = [
  ["3500", 3500 * YUAN],
  ["3,500", 3500 * YUAN],
  ["¥3500", 3500 * YUAN],
  ["￥3,500.50", 350050],
  ["3500.5", 350050],
  ["3.5k", 3500 * YUAN],
  ["3.5K", 3500 * YUAN],
  ["三千五", 3500 * YUAN],
  ["3千5", 3500 * YUAN],
  ["1万2", 12000 * YUAN],
  ["两千", 2000 * YUAN],
  ["一万", 10000 * YUAN],
  ["一万二", 12000 * YUAN],
  ["2千", 2000 * YUAN],
  ["1.2万", 12000 * YUAN],
  ["5000元", 5000 * YUAN],
  ["5000 元", 5000 * YUAN],
  ["5000块", 5000 * YUAN],
  ["5000 yuan", 5000 * YUAN],
  ["RMB 5000", 5000 * YUAN],
  ["每月 3000 左右", 3000 * YUAN],
  ["about 1,500 a month", 1500 * YUAN],
  ["three thousand", 3000 * YUAN],
  ["１２００", 1200 * YUAN],
  ["0", 0],
  ["没有", 0],
  ["零", 0],
  ["none", 0],
  ["None.", 0],
  ["", null],
  ["hello", null],
  ["我不知道", null],
  ["-500", null],
  ["负500", null],
  ["3000 or 4000", null],
  ["3000到4000", null],
  ["3.555", null],
  ["1.2万3", null],
];

describe("parsing amounts to minor units", () => {
  for (const [typed, expected] of CASES) {
    it(`when the borrower types ${JSON.stringify(typed)}, then the amount is ${expected === null ? "refused (ask again)" : `${expected} fen`}`, () => {
      expect(parseAmount(typed)).to.equal(expected);
    });
  }
});
