//! A local EFI Pace stand-in speaking Pace's SOAP wire format.
