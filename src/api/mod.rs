//! The wire contract between `weka` and `weka-server`: JSON-RPC 2.0 envelope, error codes,
//! and one `Params`/`Result` pair per method. No I/O lives here, and nothing else of the
//! crate is imported, so both sides can share it.

pub mod bucket;
pub mod error;
pub mod jsonrpc;
pub mod oidc;
pub mod policy;
pub mod sts;
pub mod user;

pub use error::{ApiError, ErrorCode};
pub use jsonrpc::{Id, Request, Response};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The path of the JSON-RPC endpoint on the management listener.
pub const RPC_PATH: &str = "/api/v1";
/// The default management API port (as WEKA's own CLI uses).
pub const DEFAULT_API_PORT: u16 = 14000;

/// What a caller must be to call a method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No token needed (login, refresh).
    Anonymous,
    /// Any logged-in user, ReadOnly included.
    Read,
    /// Changes state: ClusterAdmin only.
    Admin,
    /// Any logged-in user acting on their own account (logout, own password).
    SelfService,
}

/// One JSON-RPC method: its name, who may call it and its typed parameters and result.
pub trait Method {
    const NAME: &'static str;
    const ACCESS: Access;
    type Params: Serialize + DeserializeOwned + Send + 'static;
    type Result: Serialize + DeserializeOwned + Send + 'static;
}

/// Declares the method list once: a marker type per method, its name, its access rule, and
/// `ALL_METHODS` for the server's dispatch table and the tests.
macro_rules! methods {
    ($($ty:ident => $name:literal, $access:ident, $params:ty, $result:ty;)*) => {
        $(
            #[doc = concat!("The `", $name, "` method.")]
            #[derive(Debug, Clone, Copy)]
            pub struct $ty;
            impl Method for $ty {
                const NAME: &'static str = $name;
                const ACCESS: Access = Access::$access;
                type Params = $params;
                type Result = $result;
            }
        )*
        /// Every method name with its access rule, in declaration order.
        pub const ALL_METHODS: &[(&str, Access)] = &[$(($name, Access::$access)),*];
    };
}

methods! {
    UserLogin => "user_login", Anonymous, user::LoginParams, user::LoginResult;
    UserRefresh => "user_refresh", Anonymous, user::RefreshParams, user::LoginResult;
    UserLogout => "user_logout", SelfService, user::LogoutParams, Empty;
    UserWhoami => "user_whoami", Read, Empty, user::WhoamiResult;
    UserAdd => "user_add", Admin, user::AddParams, user::UserInfo;
    UserList => "user_list", Read, Empty, Vec<user::UserInfo>;
    UserRemove => "user_remove", Admin, user::RemoveParams, Empty;
    UserSetPassword => "user_set_password", SelfService, user::SetPasswordParams, Empty;

    S3OidcAdd => "s3_oidc_add", Admin, oidc::AddParams, oidc::OidcConfig;
    S3OidcShow => "s3_oidc_show", Read, Empty, Option<oidc::OidcConfig>;
    S3OidcUpdate => "s3_oidc_update", Admin, oidc::UpdateParams, oidc::OidcConfig;
    S3OidcRemove => "s3_oidc_remove", Admin, Empty, Empty;
    S3OidcTest => "s3_oidc_test", Read, oidc::TestParams, oidc::TestReport;

    S3PolicyAdd => "s3_policy_add", Admin, policy::AddParams, policy::PolicySummary;
    S3PolicyList => "s3_policy_list", Read, Empty, Vec<policy::PolicySummary>;
    S3PolicyShow => "s3_policy_show", Read, policy::NameParams, policy::PolicyDetail;
    S3PolicyRemove => "s3_policy_remove", Admin, policy::NameParams, Empty;
    S3PolicyAttach => "s3_policy_attach", Admin, policy::AttachParams, Empty;
    S3PolicyDetach => "s3_policy_detach", Admin, policy::AttachParams, Empty;

    S3StsList => "s3_sts_list", Read, sts::ListParams, Vec<sts::TemporaryCredentialInfo>;
    S3StsRevoke => "s3_sts_revoke", Admin, sts::RevokeParams, sts::RevokeResult;

    S3BucketCreate => "s3_bucket_create", Admin, bucket::CreateParams, bucket::BucketInfo;
    S3BucketList => "s3_bucket_list", Read, Empty, Vec<bucket::BucketInfo>;
    S3BucketRemove => "s3_bucket_remove", Admin, bucket::RemoveParams, Empty;
}

/// Parameters or result of a method that takes or returns nothing: `{}` on the wire.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

/// Looks up a method's access rule by name.
pub fn method_access(name: &str) -> Option<Access> {
    ALL_METHODS.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_are_unique_and_snake_case() {
        let mut names: Vec<&str> = ALL_METHODS.iter().map(|(n, _)| *n).collect();
        for n in &names {
            assert!(
                n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{n}"
            );
        }
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }

    #[test]
    fn login_is_the_only_anonymous_way_in() {
        let anon: Vec<&str> = ALL_METHODS
            .iter()
            .filter(|(_, a)| *a == Access::Anonymous)
            .map(|(n, _)| *n)
            .collect();
        assert_eq!(anon, ["user_login", "user_refresh"]);
    }

    #[test]
    fn empty_params_reject_unknown_fields() {
        assert!(serde_json::from_str::<Empty>("{}").is_ok());
        assert!(serde_json::from_str::<Empty>(r#"{"x":1}"#).is_err());
    }
}
