pub struct S3Backend;
