//! The XML layer: writing request elements with safe escaping ([`write`]) and reading replies
//! into a small tree matched on local names ([`read`]). Nothing outside this crate sees XML.

pub(crate) mod read;
pub(crate) mod write;

pub(crate) use read::XmlElement;

/// Whether `name` is a plain XML element name we are willing to write: an ASCII letter or `_`
/// first, then ASCII letters, digits and `_` (Pace's field, type and operation names all have
/// this shape, including `U_` user-defined fields and `JobPartKey`).
pub(crate) fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names() {
        assert!(is_plain_name("qtyOrdered"));
        assert!(is_plain_name("U_processShipperID"));
        assert!(is_plain_name("JobPartKey"));
        assert!(!is_plain_name(""));
        assert!(!is_plain_name("1abc"));
        assert!(!is_plain_name("a b"));
        assert!(!is_plain_name("a><b"));
        assert!(!is_plain_name("ns:a"));
    }
}
