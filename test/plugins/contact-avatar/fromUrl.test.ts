import http from "node:http";
import type { AddressInfo } from "node:net";
import { UsageError, UserError } from "../../../src/core/errors";
import { fetchImage, isUrlWord } from "../../../plugins/contact-avatar/source/fromUrl";

const IMAGE = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]);
const LIMITS = { maxBytes: 10_000, timeoutMs: 2000 };

let server: http.Server;
let base: string;
/** Requests the server has seen, by path. */
let seen: string[];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.url ?? "");
    switch (req.url) {
      case "/cat.png":
        res.writeHead(200, { "content-type": "image/png", "content-length": IMAGE.length });
        res.end(IMAGE);
        return;
      case "/cat-chunked.png": // no content-length
        res.writeHead(200, { "content-type": "IMAGE/PNG; charset=binary" });
        res.write(IMAGE.subarray(0, 1000));
        res.end(IMAGE.subarray(1000));
        return;
      case "/redirect":
        res.writeHead(302, { location: "/cat.png" });
        res.end();
        return;
      case "/page.html":
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<html></html>");
        return;
      case "/no-type":
        res.writeHead(200);
        res.end(IMAGE);
        return;
      case "/huge-declared.jpg":
        res.writeHead(200, { "content-type": "image/jpeg", "content-length": 50_000 });
        res.write(Buffer.alloc(1000)); // the body never completes: the refusal must come from the header
        return;
      case "/huge-chunked.jpg": {
        res.writeHead(200, { "content-type": "image/jpeg" });
        const chunk = Buffer.alloc(4096, 1);
        for (let i = 0; i < 10; i++) res.write(chunk);
        res.end();
        return;
      }
      case "/silent": // never answers
        return;
      case "/stalls-mid-body.png":
        res.writeHead(200, { "content-type": "image/png", "content-length": IMAGE.length });
        res.write(IMAGE.subarray(0, 100));
        return;
      default:
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not here");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  seen = [];
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The UserError message fetchImage fails with. */
async function refusal(url: string, limits = LIMITS, signal?: AbortSignal): Promise<string> {
  try {
    await fetchImage(url, limits, signal);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error(`fetchImage(${url}) did not fail`);
}

describe("fetchImage", () => {
  it("should fetch an image", async () => {
    expect((await fetchImage(`${base}/cat.png`, LIMITS)).equals(IMAGE)).toBe(true);
  });

  it("should fetch an image sent without a content-length, whatever the case of its type", async () => {
    expect((await fetchImage(`${base}/cat-chunked.png`, LIMITS)).equals(IMAGE)).toBe(true);
  });

  it("should follow a redirect", async () => {
    expect((await fetchImage(`${base}/redirect`, LIMITS)).equals(IMAGE)).toBe(true);
    expect(seen).toEqual(["/redirect", "/cat.png"]);
  });

  it("should accept an image of exactly the size limit", async () => {
    expect((await fetchImage(`${base}/cat.png`, { ...LIMITS, maxBytes: IMAGE.length })).length).toBe(IMAGE.length);
  });

  it("should refuse a page that is not an image", async () => {
    expect(await refusal(`${base}/page.html`)).toBe("The link is not an image (content type text/html)");
    expect(await refusal(`${base}/no-type`)).toBe("The link is not an image (content type unknown)");
  });

  it("should refuse an image whose declared size is over the limit without reading it", async () => {
    const started = Date.now();
    expect(await refusal(`${base}/huge-declared.jpg`)).toBe("The image at the link is 49 KB, more than the 10 KB limit");
    expect(Date.now() - started).toBeLessThan(LIMITS.timeoutMs); // did not wait for the body that never ends
  });

  it("should stop reading an image without content-length once it passes the limit", async () => {
    expect(await refusal(`${base}/huge-chunked.jpg`)).toMatch(/^The image at the link is over \d+ KB, more than the 10 KB limit$/);
  });

  it("should give up on a server that does not answer within the time limit", async () => {
    const started = Date.now();
    expect(await refusal(`${base}/silent`, { ...LIMITS, timeoutMs: 300 })).toBe("The link did not deliver the image within 300 ms");
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("should give up on a body that stalls", async () => {
    expect(await refusal(`${base}/stalls-mid-body.png`, { ...LIMITS, timeoutMs: 1500 })).toBe("The link did not deliver the image within 1.5 s");
  });

  it("should say what a 404 answered", async () => {
    expect(await refusal(`${base}/missing.png`)).toBe("The link answered 404 Not Found");
  });

  it("should say the connection was refused", async () => {
    // a port that was just free: listen, note it, close
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    expect(await refusal(`http://127.0.0.1:${port}/cat.png`)).toBe("Could not fetch the link: the server refused the connection (ECONNREFUSED)");
  });

  it.each([
    ["ftp://example.com/cat.png", "Only http and https links are accepted, not ftp"],
    ["file:///etc/passwd", "Only http and https links are accepted, not file"],
    ["data:image/png;base64,AAAA", "Only http and https links are accepted, not data"],
    ["http://", '"http://" is not a valid URL'],
    ["not a url", '"not a url" is not a valid URL'],
  ])("should refuse %p before any request", async (url, text) => {
    await expect(fetchImage(url, LIMITS)).rejects.toThrow(new UsageError(text));
    expect(seen).toEqual([]);
  });

  it("should pass the caller's abort on as an abort, not as a link problem", async () => {
    const controller = new AbortController();
    const fetching = fetchImage(`${base}/silent`, LIMITS, controller.signal);
    setTimeout(() => controller.abort(), 50);
    await expect(fetching).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("isUrlWord", () => {
  it.each(["http://x", "https://t.me/a", "ftp://x", "FILE:///x"])("should see %p as a URL", (word) => {
    expect(isUrlWord(word)).toBe(true);
  });

  it.each(["@alice", "t.me/alice", "123", "http:/x", "://x"])("should not see %p as a URL", (word) => {
    expect(isUrlWord(word)).toBe(false);
  });
});
