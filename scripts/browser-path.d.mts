export declare const DEBIAN_CHROMIUM: string;
export declare function resolveChromiumPath(): string | undefined | null;
