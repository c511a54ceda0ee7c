/** Keeps the last limitLines lines; older ones are dropped so a chatty process cannot exhaust memory. */
export class LineRing {
  private readonly lines: string[] = [];
  private next = 0;

  constructor(readonly limitLines: number) {
    if (!Number.isInteger(limitLines) || limitLines < 1) {
      throw new RangeError(`limitLines must be a positive integer, got ${limitLines}`);
    }
  }

  push(line: string): void {
    if (this.lines.length < this.limitLines) {
      this.lines.push(line);
      return;
    }
    this.lines[this.next] = line;
    this.next = (this.next + 1) % this.limitLines;
  }

  /** All kept lines, oldest first. */
  toArray(): string[] {
    return [...this.lines.slice(this.next), ...this.lines.slice(0, this.next)];
  }

  /** The newest count lines, oldest first. */
  tail(count: number): string[] {
    return count <= 0 ? [] : this.toArray().slice(-count);
  }
}
