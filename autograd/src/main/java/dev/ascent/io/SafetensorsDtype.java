package dev.ascent.io;

/**
 * The element types the safetensors format defines, with their sizes in bytes, declared narrow to wide as
 * in the reference implementation (its writer orders tensors by this order, widest first). Ascent stores
 * F32 and U8; the others are known so that a file using them is reported as "unsupported dtype F16" rather
 * than "unknown dtype", and so that the layout of such a file can still be validated.
 */
enum SafetensorsDtype {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1), I16(2), U16(2), F16(2), BF16(2), I32(4), U32(4), F32(4), F64(8), I64(8), U64(8);

    final int bytes;

    SafetensorsDtype(int bytes) {
        this.bytes = bytes;
    }

    /** The dtype named {@code s} in a header, or null if the format does not define it. */
    static SafetensorsDtype parse(String s) {
        for (SafetensorsDtype d : values()) if (d.name().equals(s)) return d;
        return null;
    }
}
