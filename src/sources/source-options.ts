// What a platform source needs besides the files: where its one stock count goes (§10:
// `--location`, default `Default`) and, for Magento, the base its relative image paths hang off.

export const DEFAULT_LOCATION = 'Default';

export interface SourceOptions {
  location: string;
  /** Magento's media base URL (`--media-url`), e.g. https://shop.example.com/media/catalog/product. */
  mediaUrl?: string;
}
