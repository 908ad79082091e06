// The few parts of the untyped `vcf` package (node-vcf) that parseCard.ts uses.
declare module "vcf" {
  namespace vCard {
    interface Property {
      /** Parameters as parsed: `type` may repeat, so it can be an array. */
      [param: string]: unknown;
      valueOf(): string;
      is(type: string): boolean;
    }
  }
  class vCard {
    /** Every card in a text (the whole-file way; the bench's baseline). */
    static parse(text: string): vCard[];
    version: string;
    data: Record<string, vCard.Property | vCard.Property[]>;
    parse(text: string): this;
    get(key: string): vCard.Property | vCard.Property[] | undefined;
  }
  export = vCard;
}
