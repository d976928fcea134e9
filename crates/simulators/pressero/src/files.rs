//! Production file downloads: deterministic bytes whose length equals the file's declared
//! `FileSize`, streamed in chunks so a 30 MB artwork file costs no 30 MB buffer. The body looks
//! like a tiny PDF: a header naming the file, filler lines, and `%%EOF`.

use axum::body::{Body, Bytes};
use futures::stream;

/// The size served when a file declares none.
pub const DEFAULT_FILE_SIZE: u64 = 1024;

const CHUNK: u64 = 64 * 1024;
const FILLER: &[u8] = b"% simulated production artwork 0123456789abcdef\n";
const TRAILER: &[u8] = b"\n%%EOF\n";

/// The content of one simulated production file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileContent {
    header: Vec<u8>,
    size: u64,
}

impl FileContent {
    /// The content of `file_name` of item `item_number` of order `order_number`, `size` bytes.
    pub fn new(file_name: &str, order_number: u64, item_number: u32, size: u64) -> Self {
        let header = format!(
            "%PDF-1.4\n% Pressero simulator production file {file_name} (order {order_number}, item {item_number})\n"
        );
        FileContent {
            header: header.into_bytes(),
            size,
        }
    }

    /// The file's length in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Where the trailer starts: `size` when the file is too small to hold header and trailer.
    fn trailer_start(&self) -> u64 {
        let fixed = (self.header.len() + TRAILER.len()) as u64;
        if self.size >= fixed {
            self.size - TRAILER.len() as u64
        } else {
            self.size
        }
    }

    /// Bytes `start..end` of the file, copied a slice at a time.
    pub fn range(&self, start: u64, end: u64) -> Vec<u8> {
        let end = end.min(self.size);
        let header_len = self.header.len() as u64;
        let trailer_start = self.trailer_start();
        let mut bytes = Vec::with_capacity(end.saturating_sub(start) as usize);
        let mut position = start;
        while position < end {
            let slice: &[u8] = if position < header_len {
                &self.header[position as usize..header_len.min(end) as usize]
            } else if position >= trailer_start {
                let from = (position - trailer_start) as usize;
                &TRAILER[from..from + (end - position) as usize]
            } else {
                let from = ((position - header_len) % FILLER.len() as u64) as usize;
                let room = (trailer_start.min(end) - position) as usize;
                &FILLER[from..FILLER.len().min(from + room)]
            };
            bytes.extend_from_slice(slice);
            position += slice.len() as u64;
        }
        bytes
    }

    /// The whole file as a streamed HTTP body.
    pub fn into_body(self) -> Body {
        let chunks = self.size.div_ceil(CHUNK);
        let body = stream::iter((0..chunks).map(move |i| {
            let start = i * CHUNK;
            Ok::<_, std::convert::Infallible>(Bytes::from(self.range(start, start + CHUNK)))
        }));
        Body::from_stream(body)
    }
}

/// The `Content-Type` for a file name.
pub fn content_type(file_name: &str) -> &'static str {
    if file_name.to_lowercase().ends_with(".pdf") {
        "application/pdf"
    } else {
        "application/octet-stream"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_has_the_declared_size_and_looks_like_a_pdf() {
        let file = FileContent::new("cards.pdf", 10013, 2, 4000);
        let bytes = file.range(0, 4000);
        assert_eq!(bytes.len(), 4000);
        assert!(bytes.starts_with(b"%PDF-1.4\n"));
        assert!(bytes.ends_with(b"%%EOF\n"));
        assert_eq!(
            bytes,
            FileContent::new("cards.pdf", 10013, 2, 4000).range(0, 4000)
        );
    }

    #[test]
    fn ranges_join_up_to_the_whole_file() {
        let file = FileContent::new("poster.pdf", 10013, 1, 200_003);
        let whole = file.range(0, 200_003);
        let mut pieces = Vec::new();
        for start in (0..200_003).step_by(7_001) {
            pieces.extend(file.range(start, start + 7_001));
        }
        assert_eq!(pieces, whole);
        assert!(whole.ends_with(b"%%EOF\n"));
    }

    #[test]
    fn a_file_smaller_than_its_header_is_cut_to_size() {
        let file = FileContent::new("x.pdf", 1, 1, 5);
        assert_eq!(file.range(0, 100), b"%PDF-".to_vec());
    }
}
