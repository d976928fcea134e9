//! The US states (and the District of Columbia) a shop can be in, by their two-letter postal code.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A state name or code that is not one of the 50 states or DC.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a US state: use its two-letter code (TX) or its name (Texas)")]
pub struct UnknownUsState(pub String);

macro_rules! us_states {
    ($($code:ident => $name:literal,)+) => {
        /// A US state or the District of Columbia, named by its USPS code.
        ///
        /// Parses from the code or the name in any case (`"TX"`, `"tx"`, `"Texas"`); displays and
        /// serializes as the code (`"TX"`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum UsState {
            $(
                #[doc = $name]
                $code,
            )+
        }

        impl UsState {
            /// Every state and DC, in the order of their codes.
            pub const ALL: &[UsState] = &[$(UsState::$code),+];

            /// The two-letter postal code, e.g. `"TX"`.
            pub const fn code(self) -> &'static str {
                match self {
                    $(UsState::$code => stringify!($code),)+
                }
            }

            /// The full name, e.g. `"Texas"`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(UsState::$code => $name,)+
                }
            }
        }
    };
}

us_states! {
    AK => "Alaska",
    AL => "Alabama",
    AR => "Arkansas",
    AZ => "Arizona",
    CA => "California",
    CO => "Colorado",
    CT => "Connecticut",
    DC => "District of Columbia",
    DE => "Delaware",
    FL => "Florida",
    GA => "Georgia",
    HI => "Hawaii",
    IA => "Iowa",
    ID => "Idaho",
    IL => "Illinois",
    IN => "Indiana",
    KS => "Kansas",
    KY => "Kentucky",
    LA => "Louisiana",
    MA => "Massachusetts",
    MD => "Maryland",
    ME => "Maine",
    MI => "Michigan",
    MN => "Minnesota",
    MO => "Missouri",
    MS => "Mississippi",
    MT => "Montana",
    NC => "North Carolina",
    ND => "North Dakota",
    NE => "Nebraska",
    NH => "New Hampshire",
    NJ => "New Jersey",
    NM => "New Mexico",
    NV => "Nevada",
    NY => "New York",
    OH => "Ohio",
    OK => "Oklahoma",
    OR => "Oregon",
    PA => "Pennsylvania",
    RI => "Rhode Island",
    SC => "South Carolina",
    SD => "South Dakota",
    TN => "Tennessee",
    TX => "Texas",
    UT => "Utah",
    VA => "Virginia",
    VT => "Vermont",
    WA => "Washington",
    WI => "Wisconsin",
    WV => "West Virginia",
    WY => "Wyoming",
}

impl FromStr for UsState {
    type Err = UnknownUsState;

    /// Accepts the code or the full name, in any case, with surrounding spaces and repeated inner spaces
    /// ignored (`"tx"`, `" New  Hampshire "`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.split_whitespace().collect::<Vec<_>>().join(" ");
        UsState::ALL
            .iter()
            .copied()
            .find(|state| {
                state.code().eq_ignore_ascii_case(&wanted)
                    || state.name().eq_ignore_ascii_case(&wanted)
            })
            .ok_or_else(|| UnknownUsState(text.to_owned()))
    }
}

impl fmt::Display for UsState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for UsState {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for UsState {
    /// Reads the code (as written by `Serialize`); a full name is accepted too, as in `FromStr`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn parses_code_name_any_case_and_spacing() {
        assert_eq!("TX".parse(), Ok(UsState::TX));
        assert_eq!("tx".parse(), Ok(UsState::TX));
        assert_eq!("Texas".parse(), Ok(UsState::TX));
        assert_eq!("TEXAS".parse(), Ok(UsState::TX));
        assert_eq!(" New  hampshire ".parse(), Ok(UsState::NH));
        assert_eq!("District of Columbia".parse(), Ok(UsState::DC));
        assert_eq!("dc".parse(), Ok(UsState::DC));
    }

    #[test]
    fn rejects_unknown_states_and_says_what_to_write() {
        for bad in ["", "T", "Texass", "PR", "West Virginia State"] {
            let error = bad.parse::<UsState>().unwrap_err();
            assert_eq!(error, UnknownUsState(bad.to_owned()));
            assert!(error.to_string().contains("two-letter code"), "{error}");
        }
    }

    #[test]
    fn fifty_states_and_dc_with_distinct_codes_and_names_that_round_trip() {
        assert_eq!(UsState::ALL.len(), 51);
        let codes: HashSet<_> = UsState::ALL.iter().map(|s| s.code()).collect();
        let names: HashSet<_> = UsState::ALL
            .iter()
            .map(|s| s.name().to_lowercase())
            .collect();
        assert_eq!((codes.len(), names.len()), (51, 51));
        for &state in UsState::ALL {
            assert_eq!(state.code().len(), 2);
            assert_eq!(state.to_string(), state.code());
            assert_eq!(state.code().parse(), Ok(state));
            assert_eq!(state.name().parse(), Ok(state));
        }
    }

    #[test]
    fn serde_uses_the_code() {
        assert_eq!(serde_json::to_string(&UsState::TX).unwrap(), "\"TX\"");
        assert_eq!(
            serde_json::from_str::<UsState>("\"TX\"").unwrap(),
            UsState::TX
        );
        assert_eq!(
            serde_json::from_str::<UsState>("\"massachusetts\"").unwrap(),
            UsState::MA
        );
        let error = serde_json::from_str::<UsState>("\"ZZ\"").unwrap_err();
        assert!(
            error.to_string().contains("'ZZ' is not a US state"),
            "{error}"
        );
    }
}
