//! The S3 action names a policy may use.
//!
//! [`S3_ACTIONS`] lists every AWS S3 action whose resource is a bucket or an object
//! (`arn:aws:s3:::bucket`, `arn:aws:s3:::bucket/key`), plus `ListAllMyBuckets`, from AWS's
//! Service Authorization Reference for Amazon S3. Those are the only actions a request to
//! this gateway can be checked against. [`OTHER_S3_ACTIONS`] lists the remaining AWS S3
//! actions (access points, batch jobs, Storage Lens, access grants, account settings): a
//! policy naming one is rejected with a message that says why, instead of "unknown action".

/// The service prefix of every action, as written in policies (`s3:GetObject`).
pub const SERVICE_PREFIX: &str = "s3:";

/// S3 actions on buckets, objects and the bucket list, without the `s3:` prefix, sorted.
pub const S3_ACTIONS: &[&str] = &[
    "AbortMultipartUpload",
    "AllowVendedLogDeliveryForResource",
    "BypassGovernanceRetention",
    "CreateBucket",
    "CreateBucketMetadataTableConfiguration",
    "DeleteBucket",
    "DeleteBucketMetadataTableConfiguration",
    "DeleteBucketPolicy",
    "DeleteBucketWebsite",
    "DeleteObject",
    "DeleteObjectAnnotation",
    "DeleteObjectTagging",
    "DeleteObjectVersion",
    "DeleteObjectVersionAnnotation",
    "DeleteObjectVersionTagging",
    "GetAccelerateConfiguration",
    "GetAnalyticsConfiguration",
    "GetBucketAbac",
    "GetBucketAcl",
    "GetBucketCORS",
    "GetBucketLocation",
    "GetBucketLogging",
    "GetBucketMetadataTableConfiguration",
    "GetBucketNotification",
    "GetBucketObjectLockConfiguration",
    "GetBucketOwnershipControls",
    "GetBucketPolicy",
    "GetBucketPolicyStatus",
    "GetBucketPublicAccessBlock",
    "GetBucketRequestPayment",
    "GetBucketTagging",
    "GetBucketVersioning",
    "GetBucketWebsite",
    "GetEncryptionConfiguration",
    "GetIntelligentTieringConfiguration",
    "GetInventoryConfiguration",
    "GetLifecycleConfiguration",
    "GetMetricsConfiguration",
    "GetObject",
    "GetObjectAcl",
    "GetObjectAnnotation",
    "GetObjectAttributes",
    "GetObjectLegalHold",
    "GetObjectRetention",
    "GetObjectTagging",
    "GetObjectTorrent",
    "GetObjectVersion",
    "GetObjectVersionAcl",
    "GetObjectVersionAnnotation",
    "GetObjectVersionAnnotationForReplication",
    "GetObjectVersionAttributes",
    "GetObjectVersionForReplication",
    "GetObjectVersionTagging",
    "GetObjectVersionTorrent",
    "GetReplicationConfiguration",
    "InitiateReplication",
    "ListAllMyBuckets",
    "ListBucket",
    "ListBucketMultipartUploads",
    "ListBucketVersions",
    "ListMultipartUploadParts",
    "ListObjectAnnotations",
    "ListObjectVersionAnnotations",
    "ListTagsForResource",
    "ObjectOwnerOverrideToBucketOwner",
    "PauseReplication",
    "PutAccelerateConfiguration",
    "PutAnalyticsConfiguration",
    "PutBucketAbac",
    "PutBucketAcl",
    "PutBucketCORS",
    "PutBucketLogging",
    "PutBucketNotification",
    "PutBucketObjectLockConfiguration",
    "PutBucketOwnershipControls",
    "PutBucketPolicy",
    "PutBucketPublicAccessBlock",
    "PutBucketRequestPayment",
    "PutBucketTagging",
    "PutBucketVersioning",
    "PutBucketWebsite",
    "PutEncryptionConfiguration",
    "PutIntelligentTieringConfiguration",
    "PutInventoryConfiguration",
    "PutLifecycleConfiguration",
    "PutMetricsConfiguration",
    "PutObject",
    "PutObjectAcl",
    "PutObjectAnnotation",
    "PutObjectLegalHold",
    "PutObjectRetention",
    "PutObjectTagging",
    "PutObjectVersionAcl",
    "PutObjectVersionAnnotation",
    "PutObjectVersionTagging",
    "PutReplicationConfiguration",
    "ReplicateDelete",
    "ReplicateObject",
    "ReplicateObjectAnnotation",
    "ReplicateTags",
    "RestoreObject",
    "UpdateBucketMetadataAnnotationTableConfiguration",
    "UpdateBucketMetadataInventoryTableConfiguration",
    "UpdateBucketMetadataJournalTableConfiguration",
    "UpdateObjectEncryption",
];

/// AWS S3 actions on resources this server does not have, without the `s3:` prefix, sorted.
pub const OTHER_S3_ACTIONS: &[&str] = &[
    "AssociateAccessGrantsIdentityCenter",
    "CreateAccessGrant",
    "CreateAccessGrantsInstance",
    "CreateAccessGrantsLocation",
    "CreateAccessPoint",
    "CreateAccessPointForObjectLambda",
    "CreateJob",
    "CreateMultiRegionAccessPoint",
    "CreateStorageLensGroup",
    "DeleteAccessGrant",
    "DeleteAccessGrantsInstance",
    "DeleteAccessGrantsInstanceResourcePolicy",
    "DeleteAccessGrantsLocation",
    "DeleteAccessPoint",
    "DeleteAccessPointForObjectLambda",
    "DeleteAccessPointPolicy",
    "DeleteAccessPointPolicyForObjectLambda",
    "DeleteJobTagging",
    "DeleteMultiRegionAccessPoint",
    "DeleteStorageLensConfiguration",
    "DeleteStorageLensConfigurationTagging",
    "DeleteStorageLensGroup",
    "DescribeJob",
    "DescribeMultiRegionAccessPointOperation",
    "DissociateAccessGrantsIdentityCenter",
    "GetAccessGrant",
    "GetAccessGrantsInstance",
    "GetAccessGrantsInstanceForPrefix",
    "GetAccessGrantsInstanceResourcePolicy",
    "GetAccessGrantsLocation",
    "GetAccessPoint",
    "GetAccessPointConfigurationForObjectLambda",
    "GetAccessPointForObjectLambda",
    "GetAccessPointPolicy",
    "GetAccessPointPolicyForObjectLambda",
    "GetAccessPointPolicyStatus",
    "GetAccessPointPolicyStatusForObjectLambda",
    "GetAccountPublicAccessBlock",
    "GetDataAccess",
    "GetJobTagging",
    "GetMultiRegionAccessPoint",
    "GetMultiRegionAccessPointPolicy",
    "GetMultiRegionAccessPointPolicyStatus",
    "GetMultiRegionAccessPointRoutes",
    "GetStorageLensConfiguration",
    "GetStorageLensConfigurationTagging",
    "GetStorageLensDashboard",
    "GetStorageLensGroup",
    "ListAccessGrants",
    "ListAccessGrantsInstances",
    "ListAccessGrantsLocations",
    "ListAccessPoints",
    "ListAccessPointsForObjectLambda",
    "ListJobs",
    "ListMultiRegionAccessPoints",
    "ListStorageLensConfigurations",
    "ListStorageLensGroups",
    "PutAccessGrantsInstanceResourcePolicy",
    "PutAccessPointConfigurationForObjectLambda",
    "PutAccessPointPolicy",
    "PutAccessPointPolicyForObjectLambda",
    "PutAccessPointPublicAccessBlock",
    "PutAccountPublicAccessBlock",
    "PutJobTagging",
    "PutMultiRegionAccessPointPolicy",
    "PutStorageLensConfiguration",
    "PutStorageLensConfigurationTagging",
    "SubmitMultiRegionAccessPointRoutes",
    "TagResource",
    "UntagResource",
    "UpdateAccessGrantsLocation",
    "UpdateJobPriority",
    "UpdateJobStatus",
    "UpdateStorageLensGroup",
];

/// The canonical spelling of a known action name (without `s3:`), matched case-insensitively.
pub(crate) fn canonical(name: &str) -> Option<&'static str> {
    S3_ACTIONS
        .iter()
        .copied()
        .find(|known| known.eq_ignore_ascii_case(name))
}

/// The canonical spelling of an AWS S3 action this server has no resource for.
pub(crate) fn other_action(name: &str) -> Option<&'static str> {
    OTHER_S3_ACTIONS
        .iter()
        .copied()
        .find(|known| known.eq_ignore_ascii_case(name))
}

/// Whether `action` (`s3:GetObject`, any case) is one of [`S3_ACTIONS`].
pub fn is_known_action(action: &str) -> bool {
    strip_service(action).is_some_and(|name| canonical(name).is_some())
}

/// The action name after a case-insensitive `s3:` prefix.
pub(crate) fn strip_service(action: &str) -> Option<&str> {
    let prefix = action.get(..SERVICE_PREFIX.len())?;
    if prefix.eq_ignore_ascii_case(SERVICE_PREFIX) {
        action.get(SERVICE_PREFIX.len()..)
    } else {
        None
    }
}

/// The known name closest to a misspelled one, if any is close enough to be a likely typo.
pub(crate) fn closest(name: &str) -> Option<&'static str> {
    closest_in(name, S3_ACTIONS)
}

/// The candidate closest to `word` by case-insensitive edit distance, if within a third of
/// its length (at least 2 edits allowed).
pub(crate) fn closest_in(word: &str, candidates: &[&'static str]) -> Option<&'static str> {
    let word: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let limit = (word.len() / 3).max(2);
    candidates
        .iter()
        .map(|c| {
            let cand: Vec<char> = c.chars().flat_map(char::to_lowercase).collect();
            (edit_distance(&word, &cand), *c)
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance with adjacent transpositions counted as one edit.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    let mut rows = vec![0usize; (a.len() + 1) * width];
    for (j, cell) in rows.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i * width] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[(i - 1) * width + j] + 1)
                .min(rows[i * width + j - 1] + 1)
                .min(rows[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[(i - 2) * width + j - 2] + 1);
            }
            rows[i * width + j] = d;
        }
    }
    rows[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_unique_and_disjoint() {
        for list in [S3_ACTIONS, OTHER_S3_ACTIONS] {
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "{} before {}", pair[0], pair[1]);
            }
            for name in list {
                assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "{name}");
            }
        }
        for name in S3_ACTIONS {
            assert!(other_action(name).is_none(), "{name} in both lists");
        }
    }

    #[test]
    fn the_gateway_actions_are_known() {
        for name in [
            "GetObject",
            "PutObject",
            "DeleteObject",
            "ListBucket",
            "ListAllMyBuckets",
            "GetBucketLocation",
            "CreateBucket",
            "DeleteBucket",
            "ListBucketMultipartUploads",
            "ListMultipartUploadParts",
            "AbortMultipartUpload",
            "GetObjectVersion",
            "DeleteObjectVersion",
            "PutObjectTagging",
            "GetObjectTagging",
            "GetBucketPolicy",
            "PutBucketPolicy",
            "ListBucketVersions",
        ] {
            assert_eq!(canonical(name), Some(name));
            assert!(is_known_action(&format!("s3:{name}")));
            assert!(is_known_action(&format!("S3:{}", name.to_lowercase())));
        }
        assert!(!is_known_action("s3:GetObjects"));
        assert!(!is_known_action("iam:GetObject"));
        assert!(!is_known_action("GetObject"));
        assert!(!is_known_action("s3"));
    }

    #[test]
    fn suggestions() {
        for (typo, expected) in [
            ("GetObjcet", Some("GetObject")),
            ("getobjects", Some("GetObject")),
            ("PutObjet", Some("PutObject")),
            ("ListBuckets", Some("ListBucket")),
            ("ListAllBuckets", Some("ListAllMyBuckets")),
            ("DeleteObjectVersions", Some("DeleteObjectVersion")),
            ("Frobnicate", None),
        ] {
            assert_eq!(closest(typo), expected, "{typo}");
        }
    }
}
