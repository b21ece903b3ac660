import type { Figure } from './figures';
import type { Rig } from './rig';

/** One part of `npm run bench` (`npm run bench -- <name>` runs only the parts whose name contains it). */
export interface BenchPart {
  name: string;
  run(rig: Rig): Promise<Figure[]>;
}
