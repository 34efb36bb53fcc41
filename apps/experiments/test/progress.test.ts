import { etaText, fitProgressText, formatDuration, startProgress, type Progress } from '../src/engine/progress.js';

/** A stage reporter without a terminal, on a fake clock, whose lines are collected. */
function quietStage(total: number): { progress: Progress; lines: string[]; advance: (ms: number) => void } {
  let clock = 1_000_000;
  const lines: string[] = [];
  const stream = { isTTY: false } as NodeJS.WriteStream;
  const progress = startProgress('tune', total, { stream, now: () => clock, write: (line) => lines.push(line) });
  return { progress, lines, advance: (ms) => (clock += ms) };
}

describe('formatDuration and etaText', () => {
  it('write seconds, minutes and hours', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(42.4)).toBe('42s');
    expect(formatDuration(185)).toBe('3m05s');
    expect(formatDuration(3725)).toBe('1h02m');
    expect(formatDuration(-3)).toBe('0s');
  });

  it('estimate the time left from the mean time per finished unit', () => {
    expect(etaText(0, 10, 5000)).toBe('ETA –');
    expect(etaText(5, 10, 50_000)).toBe('ETA 50s');
    expect(etaText(1, 18_000, 2_000)).toBe('ETA 9h59m');
    expect(etaText(3, 4, 90_000)).toBe('ETA 30s');
    expect(etaText(10, 10, 50_000)).toBe('ETA 0s');
  });

  it('write one epoch of a fit with its losses', () => {
    expect(fitProgressText({ epoch: 3, epochs: 15, loss: 0.41234, valLoss: 0.5 })).toBe('epoch 3/15 loss 0.412 val 0.500');
    expect(fitProgressText({ epoch: 1, epochs: 1, loss: 2 })).toBe('epoch 1/1 loss 2.000');
  });
});

describe('progress without a terminal', () => {
  it('never writes a line per unit: 18,000 fast units give the start and end lines only', () => {
    const { progress, lines, advance } = quietStage(18_000);
    for (let i = 0; i < 18_000; i++) {
      advance(1); // 18 s in all: under 30 s, so no line between start and end
      progress.tick(`unit ${i}`);
    }
    expect(lines).toEqual(['tune: 18000 to do', 'tune: 18000/18000 done in 18s']);
  });

  it('writes at most one line per 30 s and per 5 % of the stage, with the elapsed time, the ETA and the latest news', () => {
    const { progress, lines, advance } = quietStage(1000);
    for (let i = 1; i <= 1000; i++) {
      advance(1000); // 1 s per unit: 5 % (50 units) takes 50 s, longer than 30 s
      progress.tick(`unit ${i}`);
    }
    const between = lines.slice(1, -1);
    // a line every 50 units (the 5 % step is the rarer condition here), never two within 30 s
    expect(between).toHaveLength(19);
    expect(between[0]).toBe('tune: 50/1000 (5 %), 50s elapsed, ETA 15m50s; latest: unit 50');
    expect(between[2]).toBe('tune: 150/1000 (15 %), 2m30s elapsed, ETA 14m10s; latest: unit 150');
    expect(lines[lines.length - 1]).toBe('tune: 1000/1000 done in 16m40s');
  });

  it('with slow units, the 30 s interval is the rarer condition', () => {
    const { progress, lines, advance } = quietStage(20);
    for (let i = 0; i < 20; i++) {
      advance(10_000); // 10 s per unit, 5 % = 1 unit
      progress.tick();
    }
    // lines after units 3, 6, 9, … (every 30 s), then the end line
    expect(lines.slice(1, -1).map((l) => l.split(' (')[0])).toEqual(['tune: 3/20', 'tune: 6/20', 'tune: 9/20', 'tune: 12/20', 'tune: 15/20', 'tune: 18/20']);
    expect(lines[lines.length - 1]).toBe('tune: 20/20 done in 3m20s');
  });

  it('shows a neural unit’s latest epoch in the next line', () => {
    const { progress, lines, advance } = quietStage(2);
    advance(40_000);
    progress.note('GRA raw lstm trial 0 fold 1: epoch 3/15 loss 0.412 val 0.520');
    progress.tick();
    expect(lines[1]).toBe('tune: 1/2 (50 %), 40s elapsed, ETA 40s; latest: GRA raw lstm trial 0 fold 1: epoch 3/15 loss 0.412 val 0.520');
  });
});
