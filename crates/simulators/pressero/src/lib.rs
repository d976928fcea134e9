//! A local Aleyant Pressero stand-in speaking the Pressero Admin API (v6).
