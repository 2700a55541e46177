/**
 * Child process of journal-crash.test.ts: recovers the journal, then appends the shared
 * deterministic command stream from where the journal ends, a few commands per event-loop turn,
 * printing "acked <seq>" as acknowledgements arrive — until it is killed.
 */
import { FileJournal } from './file-journal.ts';
import { mixedCommands } from './test-workload.ts';

const [file, total, seed] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];
const { journal } = FileJournal.recover(file, { create: { lo: 90, hi: 110 } });
const cmds = mixedCommands(total, seed);
let i = journal.lastSeq;
let maxAcked = 0;
const turn = (): void => {
  for (const end = Math.min(cmds.length, i + 37); i < end; i++) {
    const c = cmds[i]!;
    journal.append(c, (err) => {
      if (err) throw err;
      if (c.seq > maxAcked) {
        maxAcked = c.seq;
        process.stdout.write(`acked ${c.seq}\n`);
      }
    });
  }
  if (i < cmds.length) setImmediate(turn);
};
process.stdout.write(`start ${i}\n`);
turn();
