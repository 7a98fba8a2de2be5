//! The STS endpoint's wire format: `AssumeRoleWithWebIdentity` in the AWS query protocol.
//!
//! No I/O here. The integrator decodes the request (form body and query string) into pairs,
//! calls [`params::parse_assume_role_with_web_identity`], validates the token with
//! [`crate::server::oidc`], issues credentials, and answers with
//! [`xml::render_assume_role_with_web_identity`] or [`error::StsError::to_xml`]
//! (`Content-Type: text/xml`, the error's status).

pub mod error;
pub mod params;
pub mod xml;

pub use error::StsError;
pub use params::{
    AssumeRoleWithWebIdentityRequest, DurationLimits, RoleArn, parse_assume_role_with_web_identity,
    parse_with_limits,
};
pub use xml::{
    AssumeRoleWithWebIdentityResponse, AssumedRoleUser, Credentials, render_assume_role_with_web_identity,
};
