/**
 * Product images: merchants upload phone photos; buyers get small WebP. Every upload is
 * re-encoded, which also drops EXIF (farm GPS positions, camera serials) and any payload
 * hidden after the image data.
 */
import sharp from 'sharp';
import type { SharpOptions } from 'sharp';
import { AppError, defineErrors } from '../../kernel/errors.ts';

export const IMAGE_LIMITS = { maxBytes: 10 * 1024 * 1024, maxPixels: 40_000_000, largeEdge: 1200, thumbEdge: 400 };

export interface ProcessedImage {
  /** Size of `large` (after EXIF rotation and downscaling), what the product_images row records. */
  width: number;
  height: number;
  large: Buffer;
  thumb: Buffer;
  contentType: 'image/webp';
}

export const ImageErrors = defineErrors({
  IMAGE_INVALID: {
    status: 422,
    zh: '无法识别的图片，请上传完整的 JPEG、PNG、WebP 或 GIF 图片',
    en: 'Not a readable image: upload a complete JPEG, PNG, WebP or GIF file',
  },
  IMAGE_TOO_LARGE: {
    status: 413,
    zh: '图片过大：文件不超过 10 MB，且不超过 4000 万像素',
    en: 'Image too large: at most 10 MB and 40 megapixels',
  },
});

type AcceptedFormat = 'jpeg' | 'png' | 'webp' | 'gif';

/**
 * Sniff the magic bytes before libvips sees the data, so SVG, PDF, TIFF, HEIF and friends
 * never reach their (larger, riskier) decoders.
 */
export function sniffImageFormat(input: Buffer): AcceptedFormat | null {
  if (input.length >= 3 && input[0] === 0xff && input[1] === 0xd8 && input[2] === 0xff) return 'jpeg';
  if (input.length >= 8 && input.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (input.length >= 6 && /^GIF8[79]a$/.test(input.subarray(0, 6).toString('latin1'))) return 'gif';
  if (input.length >= 12 && input.subarray(0, 4).toString('latin1') === 'RIFF' && input.subarray(8, 12).toString('latin1') === 'WEBP') {
    return 'webp';
  }
  return null;
}

const SHARP_OPTIONS = {
  // Decompression bombs: refuse before decoding, from the dimensions in the header.
  limitInputPixels: IMAGE_LIMITS.maxPixels,
  // 'error' also covers truncated data; 'warning' would refuse harmless quirks of some phones.
  failOn: 'error',
  // GIF / animated WebP: the first frame only.
  pages: 1,
} as const satisfies SharpOptions;

/** A stuck decode must not hold a libuv worker forever. */
const TIMEOUT_SECONDS = 20;

function tooLarge(detail: string, cause?: unknown): AppError {
  return new AppError(ImageErrors.IMAGE_TOO_LARGE, {
    detail,
    extra: { maxBytes: IMAGE_LIMITS.maxBytes, maxPixels: IMAGE_LIMITS.maxPixels },
    ...(cause === undefined ? {} : { cause }),
  });
}

function invalid(detail: string, cause?: unknown): AppError {
  return new AppError(ImageErrors.IMAGE_INVALID, { detail, ...(cause === undefined ? {} : { cause }) });
}

/** libvips errors are plain Errors; the pixel-limit and timeout ones mean "too large". */
function mapSharpError(e: unknown): AppError {
  const message = e instanceof Error ? e.message : String(e);
  if (/pixel limit/i.test(message)) return tooLarge(`more than ${IMAGE_LIMITS.maxPixels} pixels`, e);
  if (/timeout/i.test(message)) return tooLarge('image took too long to process', e);
  return invalid(message.slice(0, 200), e);
}

/**
 * Validates and normalises an upload: EXIF-rotated, metadata stripped, sRGB, downscaled
 * (never enlarged) to fit 1200×1200 (`large`) and 400×400 (`thumb`), WebP.
 * Throws `IMAGE_INVALID` or `IMAGE_TOO_LARGE`, never a raw libvips error.
 */
export async function processProductImage(input: Buffer): Promise<ProcessedImage> {
  if (!Buffer.isBuffer(input) || input.length === 0) throw invalid('empty upload');
  if (input.length > IMAGE_LIMITS.maxBytes) throw tooLarge(`${input.length} bytes, more than ${IMAGE_LIMITS.maxBytes}`);
  const sniffed = sniffImageFormat(input);
  if (!sniffed) throw invalid('not a JPEG, PNG, WebP or GIF file');

  try {
    const meta = await sharp(input, SHARP_OPTIONS).metadata();
    if (meta.format !== sniffed) throw invalid(`content is ${String(meta.format)}, header says ${sniffed}`);
    // Belt and braces: sharp checks the same limit, this keeps the rule visible and testable.
    if ((meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0) > IMAGE_LIMITS.maxPixels) {
      throw tooLarge(`more than ${IMAGE_LIMITS.maxPixels} pixels`);
    }

    // Without keepMetadata/withMetadata sharp writes no EXIF/XMP/IPTC and converts to sRGB.
    const large = await sharp(input, { ...SHARP_OPTIONS, autoOrient: true })
      .resize(IMAGE_LIMITS.largeEdge, IMAGE_LIMITS.largeEdge, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82, effort: 4 })
      .timeout({ seconds: TIMEOUT_SECONDS })
      .toBuffer({ resolveWithObject: true });

    // The thumbnail comes from `large`: decoding a 1200 px WebP is far cheaper than the original.
    const thumb = await sharp(large.data, { failOn: 'error' })
      .resize(IMAGE_LIMITS.thumbEdge, IMAGE_LIMITS.thumbEdge, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80, effort: 4 })
      .timeout({ seconds: TIMEOUT_SECONDS })
      .toBuffer();

    return { width: large.info.width, height: large.info.height, large: large.data, thumb, contentType: 'image/webp' };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw mapSharpError(e);
  }
}
