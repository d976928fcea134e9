//! Working days for a print shop.
