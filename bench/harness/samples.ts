// Growable typed arrays: a consumer records one latency and one sequence number per delivery
// without allocating per message.
export class SampleBuffer<T extends Float64Array | Uint32Array> {
  private data: T;
  private size = 0;

  constructor(
    private readonly make: (capacity: number) => T,
    capacity: number,
  ) {
    this.data = make(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const grown = this.make(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size++] = value;
  }

  get length(): number {
    return this.size;
  }

  toArray(): T {
    return this.data.slice(0, this.size) as T;
  }
}
