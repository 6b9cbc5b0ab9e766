/**
 * Runs A and B in alternating rounds, in ABBA order (A B, B A, A B, …) so that drift over the run (warm-up, disk
 * cache, thermal) falls on both sides equally.
 * @returns one pair per round, in round order
 */
export async function alternateRounds<T>(
  rounds: number,
  runA: () => Promise<T>,
  runB: () => Promise<T>,
): Promise<Array<{ a: T; b: T }>> {
  const pairs: Array<{ a: T; b: T }> = [];
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      const a = await runA();
      const b = await runB();
      pairs.push({ a, b });
    } else {
      const b = await runB();
      const a = await runA();
      pairs.push({ a, b });
    }
  }
  return pairs;
}
