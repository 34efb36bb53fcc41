/** The tensor methods registered beside the core: same answers as the ops they stand for. */
import * as tf from '../src/tfjs.js';

type Chained = tf.Tensor & Record<string, (...args: unknown[]) => tf.Tensor>;

const chained = (t: tf.Tensor): Chained => t as Chained;

beforeAll(async () => {
  tf.env().set('IS_TEST', true); // silences tfjs's "install the node backend" notice
  await tf.setBackend('cpu');
});

describe('registered tensor methods', () => {
  const x = tf.tensor2d([
    [1, -2],
    [3, -4],
  ]);
  const y = tf.tensor2d([
    [10, 20],
    [30, 40],
  ]);

  it('apply the op of the same name with the tensor first', () => {
    expect(Array.from(chained(x).add(y).dataSync())).toEqual([11, 18, 33, 36]);
    expect(Array.from(chained(x).abs().dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(chained(x).sum(1).dataSync())).toEqual([-1, -1]);
    expect(Array.from(chained(x).matMul(y).dataSync())).toEqual([-50, -60, -90, -100]);
  });

  it('spell out the reshaping, casting, list and where methods', () => {
    expect(chained(x).flatten().shape).toEqual([4]);
    expect(chained(x).as1D().shape).toEqual([4]);
    expect(chained(tf.tensor1d([7])).asScalar().shape).toEqual([]);
    expect(() => chained(x).asScalar()).toThrow('only 1 element');
    expect(chained(x).toInt().dtype).toBe('int32');
    expect(chained(tf.tensor1d([1, 2, 3, 4])).reshapeAs(x).shape).toEqual([2, 2]);
    expect(Array.from(chained(x).concat(y, 1).dataSync())).toEqual([1, -2, 10, 20, 3, -4, 30, 40]);
    expect(chained(x).stack([y, y]).shape).toEqual([3, 2, 2]);
    const condition = tf.tensor2d([[1, 0], [0, 1]], undefined, 'bool');
    expect(Array.from(chained(x).where(condition, y).dataSync())).toEqual([1, 20, 30, -4]);
  });

  it("let tfjs-layers' orthogonal initializer (which calls flatten) make an orthogonal matrix", () => {
    const q = tf.initializers.orthogonal({ seed: 1 }).apply([4, 4]) as tf.Tensor2D;
    const identity = tf.matMul(q, q, true, false).arraySync() as number[][];
    identity.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 5)));
  });
});
