//! Authentication and authorization of S3 requests made with STS temporary credentials.
//!
//! - [`SessionAuth`] (`s3s::auth::S3Auth`): access key -> the derived secret key, so s3s can
//!   check the SigV4 signature (header, presigned, streaming).
//! - [`PolicyAccess`] (`s3s::access::S3Access`): the session token must match the credential,
//!   the credential must be live, and the merged IAM policies (and the session policy) must
//!   allow the operation's action on its resource. Default deny.
//!
//! Credentials and parsed policies are cached in memory, each entry tagged with the store's
//! [`ChangeMark`]; an entry is trusted only while no write has happened since it was read, so
//! a revocation or a policy change through this server applies to the next request (and one
//! through another server on the same data directory within [`crate::server::store::EXTERNAL_POLL`]).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Arc, RwLock};

use s3s::access::{S3Access, S3AccessContext};
use s3s::auth::{S3Auth, SecretKey};
use s3s::dto::{CopyObjectInput, CopySource, UploadPartCopyInput};
use s3s::path::S3Path;
use s3s::{S3Request, S3Result, s3_error};
use serde_json::{Map, Value};

use crate::server::iam::{self, ACCOUNT_RESOURCE_ARN, Decision, Policy, RequestContext};
use crate::server::s3::{Authorizer, ObjectAuthorizer};
use crate::server::secrets::{ServerKey, constant_time_eq, sha256_hex};
use crate::server::store::credentials::CredentialRow;
use crate::server::store::{ChangeMark, Store, credentials, now_unix, policies};

/// Where a request came from; the router puts it into the request's extensions.
#[derive(Debug, Clone, Copy)]
pub struct ClientInfo {
    pub ip: IpAddr,
    pub secure: bool,
}

/// A live temporary credential, prepared for evaluation.
pub struct Session {
    pub row: CredentialRow,
    pub claims: Map<String, Value>,
    pub session_policy: Option<Arc<Policy>>,
    secret: String,
}

impl Session {
    pub fn expired(&self, now: i64) -> bool {
        self.row.expires_at <= now
    }
}

struct Tagged<T> {
    version: ChangeMark,
    value: T,
}

/// Most entries a cache keeps before it starts over.
const MAX_ENTRIES: usize = 100_000;

/// Caches of credentials and parsed policies, shared by every S3 request.
pub struct AuthzCache {
    store: Store,
    key: ServerKey,
    sessions: RwLock<HashMap<String, Tagged<Option<Arc<Session>>>>>,
    policies: RwLock<HashMap<String, Tagged<Option<Arc<Policy>>>>>,
}

fn internal(e: impl std::fmt::Display) -> s3s::S3Error {
    tracing::error!(error = %e, "authorization lookup failed");
    s3_error!(
        InternalError,
        "the server could not check the credentials; see its log"
    )
}

impl AuthzCache {
    pub fn new(store: Store, key: ServerKey) -> Self {
        AuthzCache {
            store,
            key,
            sessions: RwLock::default(),
            policies: RwLock::default(),
        }
    }

    /// The store's current mark (see [`Store::change_mark`]); one read serves every lookup
    /// of a request.
    pub fn version(&self) -> S3Result<ChangeMark> {
        self.store.change_mark().map_err(internal)
    }

    /// The credential of an access key, or `None` when unknown or revoked.
    pub fn session(&self, access_key: &str) -> S3Result<Option<Arc<Session>>> {
        self.session_at(access_key, self.version()?)
    }

    /// A cached live credential whatever the store did since it was read. Only for what
    /// cannot change for an access key (its derived secret, its expiry): revocation is
    /// decided by [`AuthzCache::session`].
    fn cached_session(&self, access_key: &str) -> Option<Arc<Session>> {
        self.sessions
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(access_key)
            .and_then(|t| t.value.clone())
    }

    /// [`AuthzCache::session`] as of `version`.
    pub fn session_at(&self, access_key: &str, version: ChangeMark) -> S3Result<Option<Arc<Session>>> {
        if let Some(t) = self
            .sessions
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(access_key)
            && t.version == version
        {
            return Ok(t.value.clone());
        }
        let row = self
            .store
            .read(|c| credentials::get(c, access_key))
            .map_err(internal)?;
        let session = match row {
            None => None,
            Some(row) => {
                let claims = match serde_json::from_str::<Value>(&row.claims) {
                    Ok(Value::Object(m)) => m,
                    _ => Map::new(),
                };
                let session_policy = match row.session_policy.as_deref().map(Policy::parse) {
                    None => None,
                    Some(Ok(p)) => Some(Arc::new(p)),
                    // It was valid when issued; if it no longer parses, nothing is allowed.
                    Some(Err(e)) => return Err(internal(format!("stored session policy: {e}"))),
                };
                let secret = self.key.sts_secret_key(&row.access_key);
                Some(Arc::new(Session {
                    row,
                    claims,
                    session_policy,
                    secret,
                }))
            }
        };
        let mut map = self.sessions.write().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert(
            access_key.to_string(),
            Tagged {
                version,
                value: session.clone(),
            },
        );
        Ok(session)
    }

    /// The named policies that exist, parsed, as of `version` (see [`AuthzCache::version`]).
    pub fn policies_at(&self, names: &[String], version: ChangeMark) -> S3Result<Vec<Arc<Policy>>> {
        let mut out = Vec::with_capacity(names.len());
        let mut missing = Vec::new();
        {
            let map = self.policies.read().unwrap_or_else(|p| p.into_inner());
            for n in names {
                match map.get(n) {
                    Some(t) if t.version == version => out.extend(t.value.clone()),
                    _ => missing.push(n.clone()),
                }
            }
        }
        if missing.is_empty() {
            return Ok(out);
        }
        let docs = self
            .store
            .read(|c| policies::documents(c, &missing))
            .map_err(internal)?;
        let mut map = self.policies.write().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        for name in missing {
            let parsed = match docs.iter().find(|(n, _, _)| *n == name) {
                None => None,
                Some((_, doc, _)) => match Policy::parse(doc) {
                    Ok(p) => Some(Arc::new(p)),
                    Err(e) => {
                        // Stored documents were validated on add; a failure means a newer
                        // server wrote it. It grants nothing here.
                        tracing::error!(policy = %name, error = %e, "stored policy does not parse; ignoring it");
                        None
                    }
                },
            };
            out.extend(parsed.clone());
            map.insert(
                name,
                Tagged {
                    version,
                    value: parsed,
                },
            );
        }
        Ok(out)
    }
}

/// `S3Auth`: the secret key of a live temporary credential.
pub struct SessionAuth(pub Arc<AuthzCache>);

#[async_trait::async_trait]
impl S3Auth for SessionAuth {
    async fn get_secret_key(&self, access_key: &str) -> S3Result<SecretKey> {
        // The signature check needs only the secret, which never changes for an access key,
        // so a cached credential serves it without asking the store whether anything changed
        // (a query that costs more than the rest of the checks). `PolicyAccess::check`, which
        // s3s runs for every authenticated request, looks the credential up afresh and
        // refuses it if it was revoked meanwhile.
        // An expired cached credential is looked up afresh: once the cleanup has deleted it,
        // the answer is InvalidAccessKeyId, as for any unknown key.
        let now = now_unix();
        let session = match self.0.cached_session(access_key) {
            Some(s) if !s.expired(now) => Some(s),
            _ => self.0.session(access_key)?,
        };
        match session {
            None => Err(s3_error!(
                InvalidAccessKeyId,
                "The AWS Access Key Id you provided does not exist in our records."
            )),
            Some(s) if s.expired(now) => Err(s3_error!(ExpiredToken, "The provided token has expired.")),
            Some(s) => Ok(SecretKey::from(s.secret.clone())),
        }
    }
}

/// Everything needed to decide any action for one request.
pub struct RequestAuthz {
    session: Arc<Session>,
    policies: Vec<Arc<Policy>>,
    client: ClientInfo,
    /// `s3:prefix`, `s3:delimiter`, `s3:max-keys` of a listing.
    list_keys: Vec<(&'static str, String)>,
}

impl RequestAuthz {
    fn decide(&self, action: &str, resource: &str) -> Decision<'_> {
        let mut ctx = RequestContext::with_capacity(action, resource, 8 + self.session.claims.len());
        ctx.set_source_ip(self.client.ip);
        ctx.set_secure_transport(self.client.secure);
        let username = self
            .session
            .row
            .identity
            .as_deref()
            .unwrap_or(&self.session.row.subject);
        ctx.insert("aws:username", username);
        ctx.insert("aws:userid", self.session.row.subject.as_str());
        for (k, v) in &self.list_keys {
            ctx.insert(k, v.as_str());
        }
        ctx.insert_jwt_claims(&self.session.claims);
        let refs: Vec<&Policy> = self.policies.iter().map(|p| p.as_ref()).collect();
        iam::evaluate(&refs, self.session.session_policy.as_deref(), &ctx)
    }

    pub fn allows(&self, action: &str, resource: &str) -> bool {
        matches!(self.decide(action, resource), Decision::Allow(_))
    }

    /// Refuses with `AccessDenied` unless allowed; logs the decision.
    fn require(&self, action: &str, resource: &str) -> S3Result<()> {
        let decision = self.decide(action, resource);
        if let Decision::Allow(_) = decision {
            return Ok(());
        }
        tracing::info!(
            access_key = %self.session.row.access_key,
            subject = %self.session.row.subject,
            action,
            resource,
            decision = %decision_label(&decision),
            "S3 request denied"
        );
        Err(s3_error!(AccessDenied, "Access Denied"))
    }
}

fn decision_label(d: &Decision<'_>) -> String {
    match d {
        Decision::Allow(s) => format!("allowed by {s}"),
        Decision::ExplicitDeny(s) => format!("explicit deny by {s}"),
        Decision::ImplicitDeny => "no statement allows it".into(),
    }
}

impl ObjectAuthorizer for RequestAuthz {
    fn is_allowed(&self, action: &str, bucket: &str, key: Option<&str>) -> bool {
        self.allows(action, &iam::resource_arn(bucket, key))
    }
}

/// `S3Access`: session token, expiry, and IAM policy evaluation for every request.
pub struct PolicyAccess(pub Arc<AuthzCache>);

fn session_token(cx: &S3AccessContext<'_>) -> Option<String> {
    if let Some(v) = cx.headers().get("x-amz-security-token") {
        return v.to_str().ok().map(str::to_string);
    }
    query_param(cx.uri().query()?, "X-Amz-Security-Token")
}

fn query_param(query: &str, name: &str) -> Option<String> {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The IAM action an S3 operation needs on its bucket or object.
fn action_for(op: &str) -> Option<&'static str> {
    Some(match op {
        "CreateBucket" => "s3:CreateBucket",
        "DeleteBucket" => "s3:DeleteBucket",
        "HeadBucket" | "ListObjects" | "ListObjectsV2" => "s3:ListBucket",
        "GetBucketLocation" => "s3:GetBucketLocation",
        "ListObjectVersions" => "s3:ListBucketVersions",
        "ListMultipartUploads" => "s3:ListBucketMultipartUploads",
        "PutObject"
        | "CreateMultipartUpload"
        | "UploadPart"
        | "CompleteMultipartUpload"
        | "CopyObject"
        | "UploadPartCopy" => "s3:PutObject",
        "GetObject" | "HeadObject" | "GetObjectAttributes" => "s3:GetObject",
        "DeleteObject" => "s3:DeleteObject",
        "AbortMultipartUpload" => "s3:AbortMultipartUpload",
        "ListParts" => "s3:ListMultipartUploadParts",
        "GetObjectTagging" => "s3:GetObjectTagging",
        "PutObjectTagging" => "s3:PutObjectTagging",
        "DeleteObjectTagging" => "s3:DeleteObjectTagging",
        "GetBucketPolicy" => "s3:GetBucketPolicy",
        "PutBucketPolicy" => "s3:PutBucketPolicy",
        "DeleteBucketPolicy" => "s3:DeleteBucketPolicy",
        "GetBucketVersioning" => "s3:GetBucketVersioning",
        "PutBucketVersioning" => "s3:PutBucketVersioning",
        "GetBucketTagging" => "s3:GetBucketTagging",
        "PutBucketTagging" => "s3:PutBucketTagging",
        "DeleteBucketTagging" => "s3:PutBucketTagging",
        "GetBucketAcl" => "s3:GetBucketAcl",
        "GetObjectAcl" => "s3:GetObjectAcl",
        _ => return None,
    })
}

fn authz_of<T>(req: &S3Request<T>) -> S3Result<Authorizer> {
    req.extensions
        .get::<Authorizer>()
        .cloned()
        .ok_or_else(|| s3_error!(AccessDenied, "Access Denied"))
}

fn check_copy_source(req_authz: &Authorizer, source: &CopySource) -> S3Result<()> {
    match source {
        CopySource::Bucket { bucket, key, .. } => {
            if req_authz.is_allowed("s3:GetObject", bucket, Some(key)) {
                Ok(())
            } else {
                Err(s3_error!(AccessDenied, "Access Denied"))
            }
        }
        _ => Err(s3_error!(
            NotImplemented,
            "access point copy sources are not supported"
        )),
    }
}

/// What [`AuthzCache::authorize`] needs to know of an S3 request.
pub struct AccessRequest<'a> {
    pub access_key: &'a str,
    /// `x-amz-security-token`, from the header or the presigned query.
    pub session_token: Option<&'a str>,
    pub client: ClientInfo,
    /// The s3s operation name (`GetObject`).
    pub op: &'a str,
    /// The request's query string, for the listing condition keys.
    pub query: Option<&'a str>,
    pub path: &'a S3Path,
}

impl AuthzCache {
    /// Decides an authenticated request: the session token must match the live credential,
    /// and its policies must allow the operation on its bucket or object. On success returns
    /// what the backend needs to decide per key (DeleteObjects, ListBuckets, copy sources).
    pub fn authorize(&self, req: &AccessRequest<'_>) -> S3Result<RequestAuthz> {
        // One version for every lookup of this request.
        let version = self.version()?;
        let Some(session) = self.session_at(req.access_key, version)? else {
            return Err(s3_error!(
                InvalidAccessKeyId,
                "The AWS Access Key Id you provided does not exist in our records."
            ));
        };
        match req.session_token {
            None => {
                return Err(s3_error!(
                    InvalidToken,
                    "The request has no session token: temporary credentials need x-amz-security-token \
                     (AWS_SESSION_TOKEN)"
                ));
            }
            Some(t)
                if !constant_time_eq(
                    sha256_hex(t).as_bytes(),
                    session.row.session_token_hash.as_bytes(),
                ) =>
            {
                return Err(s3_error!(
                    InvalidToken,
                    "The provided token is malformed or otherwise invalid."
                ));
            }
            Some(_) => {}
        }
        if session.expired(now_unix()) {
            return Err(s3_error!(ExpiredToken, "The provided token has expired."));
        }
        let mut list_keys = Vec::new();
        if matches!(req.op, "ListObjects" | "ListObjectsV2" | "ListObjectVersions")
            && let Some(q) = req.query
        {
            for (param, key) in [
                ("prefix", "s3:prefix"),
                ("delimiter", "s3:delimiter"),
                ("max-keys", "s3:max-keys"),
            ] {
                if let Some(v) = query_param(q, param) {
                    list_keys.push((key, v));
                }
            }
        }
        let policies = self.policies_at(&session.row.policies, version)?;
        let authz = RequestAuthz {
            session,
            policies,
            client: req.client,
            list_keys,
        };
        match (req.op, req.path) {
            ("ListBuckets", _) => {
                // Listed: the buckets the policies allow s3:ListBucket on (the backend filters);
                // an explicit Deny of s3:ListAllMyBuckets refuses the whole listing.
                if let Decision::ExplicitDeny(_) = authz.decide("s3:ListAllMyBuckets", ACCOUNT_RESOURCE_ARN) {
                    return Err(s3_error!(AccessDenied, "Access Denied"));
                }
            }
            // Decided per key by the backend.
            ("DeleteObjects", S3Path::Bucket { .. }) => {}
            (_, S3Path::Root) => return Err(s3_error!(AccessDenied, "Access Denied")),
            (op, S3Path::Bucket { bucket }) => {
                let action = action_for(op).ok_or_else(|| s3_error!(AccessDenied, "Access Denied"))?;
                authz.require(action, &iam::resource_arn(bucket, None))?;
            }
            (op, S3Path::Object { bucket, key }) => {
                let action = action_for(op).ok_or_else(|| s3_error!(AccessDenied, "Access Denied"))?;
                authz.require(action, &iam::resource_arn(bucket, Some(key)))?;
            }
        }
        Ok(authz)
    }
}

#[async_trait::async_trait]
impl S3Access for PolicyAccess {
    async fn check(&self, cx: &mut S3AccessContext<'_>) -> S3Result<()> {
        let client = cx
            .extensions_mut()
            .get::<ClientInfo>()
            .copied()
            .unwrap_or(ClientInfo {
                ip: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
                secure: false,
            });
        let Some(creds) = cx.credentials() else {
            return Err(s3_error!(
                AccessDenied,
                "Anonymous requests are refused: sign requests with temporary credentials from the STS \
                 (AssumeRoleWithWebIdentity)"
            ));
        };
        let token = session_token(cx);
        let authz = self.0.authorize(&AccessRequest {
            access_key: &creds.access_key,
            session_token: token.as_deref(),
            client,
            op: cx.s3_op().name(),
            query: cx.uri().query(),
            path: cx.s3_path(),
        })?;
        cx.extensions_mut().insert(Authorizer(Arc::new(authz)));
        Ok(())
    }

    async fn copy_object(&self, req: &mut S3Request<CopyObjectInput>) -> S3Result<()> {
        check_copy_source(&authz_of(req)?, &req.input.copy_source)
    }

    async fn upload_part_copy(&self, req: &mut S3Request<UploadPartCopyInput>) -> S3Result<()> {
        check_copy_source(&authz_of(req)?, &req.input.copy_source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_supported_operation_has_an_action() {
        for op in [
            "CreateBucket",
            "DeleteBucket",
            "HeadBucket",
            "GetBucketLocation",
            "ListObjects",
            "ListObjectsV2",
            "PutObject",
            "GetObject",
            "HeadObject",
            "CopyObject",
            "DeleteObject",
            "CreateMultipartUpload",
            "UploadPart",
            "UploadPartCopy",
            "CompleteMultipartUpload",
            "AbortMultipartUpload",
            "ListParts",
            "ListMultipartUploads",
        ] {
            let a = action_for(op).unwrap_or_else(|| panic!("{op}"));
            assert!(iam::is_known_action(a), "{op} -> {a}");
        }
        assert_eq!(action_for("HeadObject"), Some("s3:GetObject"));
        assert_eq!(action_for("UploadPart"), Some("s3:PutObject"));
        assert_eq!(action_for("ListObjectsV2"), Some("s3:ListBucket"));
        assert_eq!(action_for("SomethingElse"), None);
    }
}
