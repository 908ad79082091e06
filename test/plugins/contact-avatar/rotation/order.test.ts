import { markShown, pickNext, sortNatural, type OrderPosition } from "../../../../plugins/contact-avatar/rotation/order";
// A deterministic generator, so a failure can be replayed.
import { seeded } from "../../../../fixtures/rotationManager";

function show(order: "sequential" | "shuffle", names: string[], position: OrderPosition, random?: () => number) {
  const pick = pickNext(order, names, position, random);
  return { name: pick.name, position: markShown(pick.position, pick.name) };
}

describe("sortNatural", () => {
  it("should put img2 before img10 and ignore case", () => {
    expect(sortNatural(["img10.jpg", "IMG1.jpg", "img2.jpg", "a.png"])).toEqual(["a.png", "IMG1.jpg", "img2.jpg", "img10.jpg"]);
  });
});

describe("sequential order", () => {
  it("should go through the files in natural order and wrap around", () => {
    const names = ["10.jpg", "2.jpg", "1.jpg"];
    let position: OrderPosition = {};
    const shown: string[] = [];
    for (let i = 0; i < 5; i++) {
      const step = show("sequential", names, position);
      shown.push(step.name);
      position = step.position;
    }
    expect(shown).toEqual(["1.jpg", "2.jpg", "10.jpg", "1.jpg", "2.jpg"]);
  });

  it("should continue after the last file even if it was removed, and pick up files added", () => {
    const position: OrderPosition = { cursor: "3.jpg", lastShown: "3.jpg" };
    expect(pickNext("sequential", ["1.jpg", "2.jpg", "4.jpg"], position).name).toBe("4.jpg");
    expect(pickNext("sequential", ["1.jpg", "2.jpg", "3.jpg", "3a.jpg"], position).name).toBe("3a.jpg");
  });
});

describe("shuffle order", () => {
  it("should show every image once per cycle and never the same image twice in a row, over many cycles", () => {
    for (const size of [2, 3, 7]) {
      const names = Array.from({ length: size }, (_, i) => `p${i}.jpg`);
      const random = seeded(size);
      let position: OrderPosition = {};
      const shown: string[] = [];
      for (let i = 0; i < size * 300; i++) {
        const step = show("shuffle", names, position, random);
        shown.push(step.name);
        position = step.position;
      }
      for (let cycle = 0; cycle < 300; cycle++) {
        expect(sortNatural(shown.slice(cycle * size, (cycle + 1) * size))).toEqual(names);
      }
      for (let i = 1; i < shown.length; i++) expect(shown[i]).not.toBe(shown[i - 1]);
    }
  });

  it("should actually shuffle: cycles differ and every image opens a cycle sometimes", () => {
    const names = ["a", "b", "c", "d"];
    const random = seeded(42);
    let position: OrderPosition = {};
    const cycles = new Set<string>();
    const openers = new Set<string>();
    for (let cycle = 0; cycle < 200; cycle++) {
      const order: string[] = [];
      for (let i = 0; i < names.length; i++) {
        const step = show("shuffle", names, position, random);
        order.push(step.name);
        position = step.position;
      }
      cycles.add(order.join());
      openers.add(order[0]);
    }
    expect(cycles.size).toBeGreaterThan(10);
    expect(openers).toEqual(new Set(names));
  });

  it("should drop removed images from the cycle and add new ones in the next cycle", () => {
    const position: OrderPosition = { cycle: ["gone.jpg", "b.jpg"], lastShown: "a.jpg" };
    const pick = pickNext("shuffle", ["a.jpg", "b.jpg", "new.jpg"], position, seeded(1));
    expect(pick.name).toBe("b.jpg");
    expect(pick.position.cycle).toEqual([]);
    const nextCycle = pickNext("shuffle", ["a.jpg", "b.jpg", "new.jpg"], markShown(pick.position, "b.jpg"), seeded(2));
    expect(nextCycle.name).not.toBe("b.jpg");
    expect([nextCycle.name, ...(nextCycle.position.cycle ?? [])].sort()).toEqual(["a.jpg", "b.jpg", "new.jpg"]);
  });
});
