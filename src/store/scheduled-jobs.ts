import type { ScheduledJob, ScheduledJobs } from './ports';

/** Scheduled jobs in memory: one process; lost on restart like the other memory stores. */
export class MemoryScheduledJobs<T> implements ScheduledJobs<T> {
  private readonly jobs = new Map<string, ScheduledJob<T>>();

  async schedule(id: string, dueAt: number, body: T): Promise<void> {
    this.jobs.set(id, { id, dueAt, body: structuredClone(body) });
  }

  async cancel(id: string): Promise<boolean> {
    return this.jobs.delete(id);
  }

  async due(now: number, count: number): Promise<ScheduledJob<T>[]> {
    return [...this.jobs.values()]
      .filter((job) => job.dueAt <= now)
      .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1))
      .slice(0, count)
      .map((job) => structuredClone(job));
  }

  async done(id: string, dueAt: number): Promise<void> {
    if (this.jobs.get(id)?.dueAt === dueAt) this.jobs.delete(id);
  }
}
