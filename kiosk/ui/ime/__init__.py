"""Chinese input for the on-screen keyboard: librime (phrase-level pinyin, zhuyin)
with a single-character fallback when librime is not installed."""
