//! E-mail address lists as the specification writes them (`a@x.com; b@y.com`) and a plain check
//! that an address is well formed.

/// Splits a `;`-separated address list, trimming each entry and dropping blank ones.
pub fn split_email_list(text: &str) -> Vec<&str> {
    text.split(';')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect()
}

/// Whether `address` looks like a deliverable address: one `@`, a local part without spaces, and
/// a domain of at least two dot-separated labels made of letters, digits and hyphens.
pub fn is_valid_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_trims_the_list() {
        assert_eq!(
            split_email_list(" a@x.com ;b@y.org;; "),
            vec!["a@x.com", "b@y.org"]
        );
        assert!(split_email_list("").is_empty());
    }

    #[test]
    fn accepts_ordinary_addresses() {
        for ok in [
            "ops@shop.com",
            "first.last+tag@mail.shop-co.co.uk",
            "x@a.io",
        ] {
            assert!(is_valid_email(ok), "{ok}");
        }
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in [
            "",
            "ops",
            "ops@",
            "@shop.com",
            "ops@shop",
            "ops@@shop.com",
            "o ps@shop.com",
            "ops@shop..com",
            "ops@-shop.com",
            ".ops@shop.com",
            "ops@shop.com,other@x.com",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }
}
