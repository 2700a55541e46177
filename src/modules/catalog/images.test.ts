import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import sharp from 'sharp';
import { AppError } from '../../kernel/errors.ts';
import { IMAGE_LIMITS, ImageErrors, processProductImage, sniffImageFormat } from './images.ts';

type Rgb = { r: number; g: number; b: number };
const RED: Rgb = { r: 220, g: 20, b: 20 };
const BLUE: Rgb = { r: 20, g: 20, b: 220 };

function solid(width: number, height: number, background: Rgb = RED) {
  return sharp({ create: { width, height, channels: 3, background } });
}

function noisy(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: RED, noise: { type: 'gaussian', mean: 128, sigma: 40 } } });
}

/** Left half red, right half blue: shows which way an image was rotated. */
async function halves(width: number, height: number) {
  const right = await solid(width / 2, height, BLUE).png().toBuffer();
  return solid(width, height, RED).composite([{ input: right, left: width / 2, top: 0 }]);
}

async function pixel(image: Buffer, x: number, y: number): Promise<Rgb> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return { r: data[i]!, g: data[i + 1]!, b: data[i + 2]! };
}

function isRedish(c: Rgb) {
  return c.r > 150 && c.b < 100;
}

function isBlueish(c: Rgb) {
  return c.b > 150 && c.r < 100;
}

async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  const e = await p.then(
    () => {
      throw new Error(`expected ${code}, got success`);
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  return e as AppError;
}

/** A PNG whose header claims width × height over a tiny body: the classic decompression bomb. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const idat = zlib.deflateSync(Buffer.alloc(1024 * 1024)); // would inflate much further if decoded
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

describe('processProductImage', () => {
  it('downscales a large JPEG to 1200 and 400 px WebP, keeping the aspect ratio', async () => {
    const input = await noisy(3000, 2000).jpeg({ quality: 90 }).toBuffer();
    const out = await processProductImage(input);
    expect(out).toMatchObject({ width: 1200, height: 800, contentType: 'image/webp' });
    const large = await sharp(out.large).metadata();
    const thumb = await sharp(out.thumb).metadata();
    expect([large.format, large.width, large.height]).toEqual(['webp', 1200, 800]);
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['webp', 400, 267]);
    expect(out.thumb.length).toBeLessThan(out.large.length);
  });

  it('fits portrait images by their long edge', async () => {
    const out = await processProductImage(await solid(500, 2000).png().toBuffer());
    expect([out.width, out.height]).toEqual([300, 1200]);
    const thumb = await sharp(out.thumb).metadata();
    expect([thumb.width, thumb.height]).toEqual([100, 400]);
  });

  it('never enlarges small images', async () => {
    const out = await processProductImage(await solid(300, 200).png().toBuffer());
    expect([out.width, out.height]).toEqual([300, 200]);
    const thumb = await sharp(out.thumb).metadata();
    expect([thumb.width, thumb.height]).toEqual([300, 200]);
  });

  it('copes with extreme aspect ratios', async () => {
    const out = await processProductImage(await solid(4000, 2).png().toBuffer());
    expect(out.width).toBe(1200);
    expect(out.height).toBeGreaterThanOrEqual(1);
  });

  it('rotates by the EXIF orientation, so phone photos stand upright', async () => {
    // Orientation 6: the camera stored the picture rotated; viewers turn it 90° clockwise.
    const input = await (await halves(600, 300)).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(input).metadata()).orientation).toBe(6);
    const out = await processProductImage(input);
    expect([out.width, out.height]).toEqual([300, 600]);
    expect(isRedish(await pixel(out.large, 150, 100))).toBe(true); // old left half is now on top
    expect(isBlueish(await pixel(out.large, 150, 500))).toBe(true);
    expect((await sharp(out.large).metadata()).orientation).toBeUndefined();
  });

  it('strips EXIF (GPS of the farm), XMP and ICC metadata', async () => {
    const input = await noisy(800, 600)
      .jpeg()
      .withExif({
        IFD0: { Copyright: 'FarmSecretCopyright', Artist: 'Farmer Wang' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '29/1 24/1 1234/100', GPSLongitudeRef: 'E', GPSLongitude: '105/1 35/1 0/1' },
      })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">FarmSecretXmp</rdf:RDF></x:xmpmeta>')
      .toBuffer();
    const before = await sharp(input).metadata();
    expect(before.exif).toBeDefined();
    expect(input.includes('FarmSecretCopyright')).toBe(true);

    const out = await processProductImage(input);
    for (const image of [out.large, out.thumb]) {
      const meta = await sharp(image).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(image.includes('FarmSecret')).toBe(false);
      expect(image.includes('Exif')).toBe(false);
    }
  });

  it('accepts WebP and PNG with transparency', async () => {
    const webp = await processProductImage(await noisy(640, 480).webp().toBuffer());
    expect([webp.width, webp.height]).toEqual([640, 480]);
    const transparent = await sharp({ create: { width: 50, height: 50, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const out = await processProductImage(transparent);
    expect((await sharp(out.large).metadata()).hasAlpha).toBe(true);
  });

  it('takes the first frame of an animated GIF', async () => {
    const red = await solid(100, 100, RED).raw().toBuffer();
    const blue = await solid(100, 100, BLUE).raw().toBuffer();
    const gif = await sharp(Buffer.concat([red, blue]), { raw: { width: 100, height: 200, channels: 3, pageHeight: 100 } })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const out = await processProductImage(gif);
    expect([out.width, out.height]).toEqual([100, 100]);
    expect(isRedish(await pixel(out.large, 50, 50))).toBe(true);
    expect((await sharp(out.large).metadata()).pages ?? 1).toBe(1);
  });

  it('refuses non-images, including formats libvips could read but we do not accept', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    const tiff = await solid(10, 10).tiff().toBuffer();
    for (const input of [Buffer.alloc(0), Buffer.from('hello, not an image'), svg, Buffer.from('%PDF-1.7\n'), tiff]) {
      await expectAppError(processProductImage(input), ImageErrors.IMAGE_INVALID);
    }
  });

  it('refuses a file whose magic bytes lie about its content', async () => {
    const png = await solid(20, 20).png().toBuffer();
    const lying = Buffer.concat([Buffer.from('GIF89a'), png]);
    await expectAppError(processProductImage(lying), ImageErrors.IMAGE_INVALID);
  });

  it.each(['jpeg', 'png', 'webp', 'gif'] as const)('refuses a truncated %s', async (format) => {
    const whole = await noisy(300, 200).toFormat(format).toBuffer();
    await expectAppError(processProductImage(whole.subarray(0, Math.floor(whole.length / 2))), ImageErrors.IMAGE_INVALID);
  });

  it('refuses files over 10 MB before decoding', async () => {
    const big = Buffer.alloc(IMAGE_LIMITS.maxBytes + 1);
    big.set([0xff, 0xd8, 0xff], 0);
    const e = await expectAppError(processProductImage(big), ImageErrors.IMAGE_TOO_LARGE);
    expect(e.status).toBe(413);
  });

  it('refuses a decompression bomb by its claimed dimensions', async () => {
    const bomb = pngClaiming(60_000, 60_000);
    expect(bomb.length).toBeLessThan(10_000);
    const started = Date.now();
    await expectAppError(processProductImage(bomb), ImageErrors.IMAGE_TOO_LARGE);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a real 48-megapixel image that compresses to a few hundred KB', async () => {
    const input = await solid(8000, 6000, { r: 255, g: 255, b: 255 }).png({ compressionLevel: 9 }).toBuffer();
    expect(input.length).toBeLessThan(IMAGE_LIMITS.maxBytes);
    await expectAppError(processProductImage(input), ImageErrors.IMAGE_TOO_LARGE);
  });

  it('accepts an image just under the pixel limit', async () => {
    const input = await solid(8000, 5000).jpeg().toBuffer(); // exactly 40 MP
    const out = await processProductImage(input);
    expect([out.width, out.height]).toEqual([1200, 750]);
  });

  it('never throws anything but an AppError on corrupted input', async () => {
    const jpeg = await noisy(64, 48).jpeg().toBuffer();
    const png = await noisy(64, 48).png().toBuffer();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(jpeg, png),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (original, flips, cut) => {
          const damaged = Buffer.from(original);
          for (const [at, byte] of flips) damaged[3 + (at % (damaged.length - 3))] = byte; // keep the magic
          const input = cut === undefined ? damaged : damaged.subarray(0, 3 + (cut % (damaged.length - 3)));
          try {
            const out = await processProductImage(input);
            expect(out.width).toBeGreaterThan(0);
          } catch (e) {
            expect(e).toBeInstanceOf(AppError);
            expect([ImageErrors.IMAGE_INVALID, ImageErrors.IMAGE_TOO_LARGE]).toContain((e as AppError).code);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('sniffImageFormat', () => {
  it('recognises the four accepted formats by their magic bytes', async () => {
    expect(sniffImageFormat(await solid(4, 4).jpeg().toBuffer())).toBe('jpeg');
    expect(sniffImageFormat(await solid(4, 4).png().toBuffer())).toBe('png');
    expect(sniffImageFormat(await solid(4, 4).webp().toBuffer())).toBe('webp');
    expect(sniffImageFormat(await solid(4, 4).gif().toBuffer())).toBe('gif');
    expect(sniffImageFormat(Buffer.from('RIFF\0\0\0\0WAVE'))).toBeNull();
    expect(sniffImageFormat(Buffer.from([0xff, 0xd8]))).toBeNull();
  });
});
