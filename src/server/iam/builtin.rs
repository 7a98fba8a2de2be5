//! The built-in policies: present from the first start, never removed or replaced.

/// `readonly`: list buckets and objects, read objects.
pub const READONLY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadOnly",
      "Effect": "Allow",
      "Action": [
        "s3:GetBucketLocation",
        "s3:GetObject",
        "s3:ListBucket",
        "s3:ListAllMyBuckets"
      ],
      "Resource": "arn:aws:s3:::*"
    }
  ]
}
"#;

/// `writeonly`: upload objects, including multipart uploads; no reads, lists of objects or deletes.
pub const WRITEONLY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "WriteOnly",
      "Effect": "Allow",
      "Action": [
        "s3:PutObject",
        "s3:AbortMultipartUpload",
        "s3:ListMultipartUploadParts",
        "s3:ListBucketMultipartUploads"
      ],
      "Resource": "arn:aws:s3:::*"
    }
  ]
}
"#;

/// `readwrite`: every S3 action on every bucket and object.
pub const READWRITE: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadWrite",
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "arn:aws:s3:::*"
    }
  ]
}
"#;

/// The built-in policies as `(name, document)`, in the order of
/// `crate::api::policy::BUILTIN_POLICIES`.
pub const BUILTIN_POLICY_DOCUMENTS: &[(&str, &str)] = &[
    ("readonly", READONLY),
    ("writeonly", WRITEONLY),
    ("readwrite", READWRITE),
];

#[cfg(test)]
mod tests {
    use super::super::{Decision, Policy, RequestContext, evaluate};
    use super::*;

    #[test]
    fn builtins_parse_and_match_the_api_names() {
        let names: Vec<&str> = BUILTIN_POLICY_DOCUMENTS.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, crate::api::policy::BUILTIN_POLICIES);
        for (name, doc) in BUILTIN_POLICY_DOCUMENTS {
            assert!(crate::api::policy::validate_name(name).is_ok(), "{name}");
            let policy = Policy::parse(doc).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(policy.source(), *doc);
            assert_eq!(policy.statement_count(), 1);
        }
    }

    #[test]
    fn builtins_allow_what_they_say() {
        let policy = |name: &str| {
            let (_, doc) = BUILTIN_POLICY_DOCUMENTS.iter().find(|(n, _)| *n == name).unwrap();
            Policy::parse(doc).unwrap()
        };
        let (ro, wo, rw) = (policy("readonly"), policy("writeonly"), policy("readwrite"));
        let cases: &[(&Policy, &str, &str, bool)] = &[
            (&ro, "s3:GetObject", "arn:aws:s3:::b/k", true),
            (&ro, "s3:ListBucket", "arn:aws:s3:::b", true),
            (&ro, "s3:GetBucketLocation", "arn:aws:s3:::b", true),
            (&ro, "s3:ListAllMyBuckets", "arn:aws:s3:::*", true),
            (&ro, "s3:PutObject", "arn:aws:s3:::b/k", false),
            (&ro, "s3:DeleteObject", "arn:aws:s3:::b/k", false),
            (&ro, "s3:CreateBucket", "arn:aws:s3:::b", false),
            (&wo, "s3:PutObject", "arn:aws:s3:::b/k", true),
            (&wo, "s3:AbortMultipartUpload", "arn:aws:s3:::b/k", true),
            (&wo, "s3:ListMultipartUploadParts", "arn:aws:s3:::b/k", true),
            (&wo, "s3:ListBucketMultipartUploads", "arn:aws:s3:::b", true),
            (&wo, "s3:GetObject", "arn:aws:s3:::b/k", false),
            (&wo, "s3:ListBucket", "arn:aws:s3:::b", false),
            (&wo, "s3:DeleteObject", "arn:aws:s3:::b/k", false),
            (&rw, "s3:GetObject", "arn:aws:s3:::b/k", true),
            (&rw, "s3:DeleteBucket", "arn:aws:s3:::b", true),
            (&rw, "s3:PutBucketPolicy", "arn:aws:s3:::b", true),
            (&rw, "s3:ListAllMyBuckets", "arn:aws:s3:::*", true),
        ];
        for (policy, action, resource, allowed) in cases {
            let ctx = RequestContext::new(action, resource);
            let decision = evaluate(&[policy], None, &ctx);
            assert_eq!(
                decision.is_allowed(),
                *allowed,
                "{action} on {resource}: {decision:?}"
            );
            if !allowed {
                assert_eq!(decision, Decision::ImplicitDeny);
            }
        }
    }
}
