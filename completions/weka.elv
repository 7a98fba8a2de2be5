
use builtin;
use str;

set edit:completion:arg-completer[weka] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'weka'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'weka'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand user 'Log in and out, and manage the management users'
            cand s3 'Configure S3: the OIDC provider, IAM policies, temporary credentials and buckets'
            cand completions 'Print a shell completion script to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'weka;user'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand login 'Log in to weka-server and keep the session for later commands'
            cand logout 'End the session with the server and forget its tokens'
            cand whoami 'Show who you are logged in as, on which server, and where the session is stored'
            cand add 'Add a management user'
            cand list 'List the management users'
            cand remove 'Remove a management user and end their sessions'
            cand passwd 'Change a password: your own, or (as ClusterAdmin) another user''s'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'weka;user;login'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;user;logout'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --local 'Only forget the local tokens; do not contact the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;user;whoami'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;user;add'= {
            cand --role 'The new user''s role'
            cand --password 'The new user''s password (at least 8 characters); asked for when not given'
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;user;list'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;user;remove'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --yes 'Confirm the removal'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;user;passwd'= {
            cand --password 'The new password (at least 8 characters); asked for when not given'
            cand --current-password 'Your current password, needed to change your own; asked for when not given'
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;user;help'= {
            cand login 'Log in to weka-server and keep the session for later commands'
            cand logout 'End the session with the server and forget its tokens'
            cand whoami 'Show who you are logged in as, on which server, and where the session is stored'
            cand add 'Add a management user'
            cand list 'List the management users'
            cand remove 'Remove a management user and end their sessions'
            cand passwd 'Change a password: your own, or (as ClusterAdmin) another user''s'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'weka;user;help;login'= {
        }
        &'weka;user;help;logout'= {
        }
        &'weka;user;help;whoami'= {
        }
        &'weka;user;help;add'= {
        }
        &'weka;user;help;list'= {
        }
        &'weka;user;help;remove'= {
        }
        &'weka;user;help;passwd'= {
        }
        &'weka;user;help;help'= {
        }
        &'weka;s3'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand cluster 'Cluster-wide S3 settings: the OIDC identity provider'
            cand policy 'IAM policies, named as the identity provider''s role values'
            cand sts 'Temporary credentials issued by the STS endpoint'
            cand bucket 'Buckets of the S3 gateway'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'weka;s3;cluster'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand oidc 'The OIDC identity provider whose tokens the STS endpoint accepts'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'weka;s3;cluster;oidc'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Configure the OIDC identity provider'
            cand show 'Show the OIDC identity provider configuration'
            cand update 'Change the OIDC identity provider configuration'
            cand remove 'Remove the OIDC identity provider configuration'
            cand test 'Check what the STS would make of a token, without issuing anything'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'weka;s3;cluster;oidc;add'= {
            cand --config-url 'The provider''s discovery URL (`.../.well-known/openid-configuration`)'
            cand --claim-name 'The JWT claim that holds role values (default: roles). Set it only if your IdP uses another claim name'
            cand --audience 'An accepted `aud` value; repeat for several. Without it any audience is accepted'
            cand --user-claim 'The claim that names the identity policies are attached to (default: sub)'
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;s3;cluster;oidc;show'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;s3;cluster;oidc;update'= {
            cand --config-url 'The provider''s discovery URL (`.../.well-known/openid-configuration`)'
            cand --claim-name 'The JWT claim that holds role values'
            cand --audience 'An accepted `aud` value; repeat for several. Replaces the current list'
            cand --user-claim 'The claim that names the identity policies are attached to'
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --clear-audiences 'Accept any audience (empties the list)'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;s3;cluster;oidc;remove'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --yes 'Confirm the removal'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;s3;cluster;oidc;test'= {
            cand --token-file 'The file holding the JWT; - reads it from stdin'
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;s3;cluster;oidc;help'= {
            cand add 'Configure the OIDC identity provider'
            cand show 'Show the OIDC identity provider configuration'
            cand update 'Change the OIDC identity provider configuration'
            cand remove 'Remove the OIDC identity provider configuration'
            cand test 'Check what the STS would make of a token, without issuing anything'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'weka;s3;cluster;oidc;help;add'= {
        }
        &'weka;s3;cluster;oidc;help;show'= {
        }
        &'weka;s3;cluster;oidc;help;update'= {
        }
        &'weka;s3;cluster;oidc;help;remove'= {
        }
        &'weka;s3;cluster;oidc;help;test'= {
        }
        &'weka;s3;cluster;oidc;help;help'= {
        }
        &'weka;s3;cluster;help'= {
            cand oidc 'The OIDC identity provider whose tokens the STS endpoint accepts'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'weka;s3;cluster;help;oidc'= {
            cand add 'Configure the OIDC identity provider'
            cand show 'Show the OIDC identity provider configuration'
            cand update 'Change the OIDC identity provider configuration'
            cand remove 'Remove the OIDC identity provider configuration'
            cand test 'Check what the STS would make of a token, without issuing anything'
        }
        &'weka;s3;cluster;help;oidc;add'= {
        }
        &'weka;s3;cluster;help;oidc;show'= {
        }
        &'weka;s3;cluster;help;oidc;update'= {
        }
        &'weka;s3;cluster;help;oidc;remove'= {
        }
        &'weka;s3;cluster;help;oidc;test'= {
        }
        &'weka;s3;cluster;help;help'= {
        }
        &'weka;s3;policy'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Add an IAM policy from a JSON file'
            cand list 'List the IAM policies'
            cand show 'Show an IAM policy''s document'
            cand remove 'Remove an IAM policy'
            cand attach 'Attach an IAM policy to an identity'
            cand detach 'Detach an IAM policy from an identity'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'weka;s3;policy;add'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;s3;policy;list'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;s3;policy;show'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;s3;policy;remove'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --yes 'Confirm the removal'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;s3;policy;attach'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;s3;policy;detach'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;s3;policy;help'= {
            cand add 'Add an IAM policy from a JSON file'
            cand list 'List the IAM policies'
            cand show 'Show an IAM policy''s document'
            cand remove 'Remove an IAM policy'
            cand attach 'Attach an IAM policy to an identity'
            cand detach 'Detach an IAM policy from an identity'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'weka;s3;policy;help;add'= {
        }
        &'weka;s3;policy;help;list'= {
        }
        &'weka;s3;policy;help;show'= {
        }
        &'weka;s3;policy;help;remove'= {
        }
        &'weka;s3;policy;help;attach'= {
        }
        &'weka;s3;policy;help;detach'= {
        }
        &'weka;s3;policy;help;help'= {
        }
        &'weka;s3;sts'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand list 'List the temporary credentials that have not expired'
            cand revoke 'Revoke temporary credentials before they expire'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'weka;s3;sts;list'= {
            cand --subject 'Only the credentials issued to this subject (the token''s `sub`)'
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;s3;sts;revoke'= {
            cand --subject 'Revoke all credentials issued to this subject (the token''s `sub`)'
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --yes 'Confirm revoking all credentials of --subject'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;s3;sts;help'= {
            cand list 'List the temporary credentials that have not expired'
            cand revoke 'Revoke temporary credentials before they expire'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'weka;s3;sts;help;list'= {
        }
        &'weka;s3;sts;help;revoke'= {
        }
        &'weka;s3;sts;help;help'= {
        }
        &'weka;s3;bucket'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand create 'Create a bucket'
            cand list 'List the buckets'
            cand remove 'Remove a bucket'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'weka;s3;bucket;create'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;s3;bucket;list'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;s3;bucket;remove'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --force 'Also delete the objects in the bucket'
            cand --yes 'Confirm the removal'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;s3;bucket;help'= {
            cand create 'Create a bucket'
            cand list 'List the buckets'
            cand remove 'Remove a bucket'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'weka;s3;bucket;help;create'= {
        }
        &'weka;s3;bucket;help;list'= {
        }
        &'weka;s3;bucket;help;remove'= {
        }
        &'weka;s3;bucket;help;help'= {
        }
        &'weka;s3;help'= {
            cand cluster 'Cluster-wide S3 settings: the OIDC identity provider'
            cand policy 'IAM policies, named as the identity provider''s role values'
            cand sts 'Temporary credentials issued by the STS endpoint'
            cand bucket 'Buckets of the S3 gateway'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'weka;s3;help;cluster'= {
            cand oidc 'The OIDC identity provider whose tokens the STS endpoint accepts'
        }
        &'weka;s3;help;cluster;oidc'= {
            cand add 'Configure the OIDC identity provider'
            cand show 'Show the OIDC identity provider configuration'
            cand update 'Change the OIDC identity provider configuration'
            cand remove 'Remove the OIDC identity provider configuration'
            cand test 'Check what the STS would make of a token, without issuing anything'
        }
        &'weka;s3;help;cluster;oidc;add'= {
        }
        &'weka;s3;help;cluster;oidc;show'= {
        }
        &'weka;s3;help;cluster;oidc;update'= {
        }
        &'weka;s3;help;cluster;oidc;remove'= {
        }
        &'weka;s3;help;cluster;oidc;test'= {
        }
        &'weka;s3;help;policy'= {
            cand add 'Add an IAM policy from a JSON file'
            cand list 'List the IAM policies'
            cand show 'Show an IAM policy''s document'
            cand remove 'Remove an IAM policy'
            cand attach 'Attach an IAM policy to an identity'
            cand detach 'Detach an IAM policy from an identity'
        }
        &'weka;s3;help;policy;add'= {
        }
        &'weka;s3;help;policy;list'= {
        }
        &'weka;s3;help;policy;show'= {
        }
        &'weka;s3;help;policy;remove'= {
        }
        &'weka;s3;help;policy;attach'= {
        }
        &'weka;s3;help;policy;detach'= {
        }
        &'weka;s3;help;sts'= {
            cand list 'List the temporary credentials that have not expired'
            cand revoke 'Revoke temporary credentials before they expire'
        }
        &'weka;s3;help;sts;list'= {
        }
        &'weka;s3;help;sts;revoke'= {
        }
        &'weka;s3;help;bucket'= {
            cand create 'Create a bucket'
            cand list 'List the buckets'
            cand remove 'Remove a bucket'
        }
        &'weka;s3;help;bucket;create'= {
        }
        &'weka;s3;help;bucket;list'= {
        }
        &'weka;s3;help;bucket;remove'= {
        }
        &'weka;s3;help;help'= {
        }
        &'weka;completions'= {
            cand -H 'The management server''s host name or IP address'
            cand --hostname 'The management server''s host name or IP address'
            cand -P 'The management API port'
            cand --port 'The management API port'
            cand --ca-cert 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls'
            cand --color 'When to color table headers and status words; NO_COLOR turns `auto` off'
            cand -C 'Seconds to wait for the connection to the server'
            cand --connect-timeout 'Seconds to wait for the connection to the server'
            cand -T 'Seconds to wait for each answer of the server'
            cand --timeout 'Seconds to wait for each answer of the server'
            cand --tls 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
            cand -J 'Print results (and errors, on stderr) as JSON'
            cand --json 'Print results (and errors, on stderr) as JSON'
            cand --no-header 'Leave out table headers'
            cand -v 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand --verbose 'Log each request''s method and timing to stderr (never tokens or passwords)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'weka;help'= {
            cand user 'Log in and out, and manage the management users'
            cand s3 'Configure S3: the OIDC provider, IAM policies, temporary credentials and buckets'
            cand completions 'Print a shell completion script to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'weka;help;user'= {
            cand login 'Log in to weka-server and keep the session for later commands'
            cand logout 'End the session with the server and forget its tokens'
            cand whoami 'Show who you are logged in as, on which server, and where the session is stored'
            cand add 'Add a management user'
            cand list 'List the management users'
            cand remove 'Remove a management user and end their sessions'
            cand passwd 'Change a password: your own, or (as ClusterAdmin) another user''s'
        }
        &'weka;help;user;login'= {
        }
        &'weka;help;user;logout'= {
        }
        &'weka;help;user;whoami'= {
        }
        &'weka;help;user;add'= {
        }
        &'weka;help;user;list'= {
        }
        &'weka;help;user;remove'= {
        }
        &'weka;help;user;passwd'= {
        }
        &'weka;help;s3'= {
            cand cluster 'Cluster-wide S3 settings: the OIDC identity provider'
            cand policy 'IAM policies, named as the identity provider''s role values'
            cand sts 'Temporary credentials issued by the STS endpoint'
            cand bucket 'Buckets of the S3 gateway'
        }
        &'weka;help;s3;cluster'= {
            cand oidc 'The OIDC identity provider whose tokens the STS endpoint accepts'
        }
        &'weka;help;s3;cluster;oidc'= {
            cand add 'Configure the OIDC identity provider'
            cand show 'Show the OIDC identity provider configuration'
            cand update 'Change the OIDC identity provider configuration'
            cand remove 'Remove the OIDC identity provider configuration'
            cand test 'Check what the STS would make of a token, without issuing anything'
        }
        &'weka;help;s3;cluster;oidc;add'= {
        }
        &'weka;help;s3;cluster;oidc;show'= {
        }
        &'weka;help;s3;cluster;oidc;update'= {
        }
        &'weka;help;s3;cluster;oidc;remove'= {
        }
        &'weka;help;s3;cluster;oidc;test'= {
        }
        &'weka;help;s3;policy'= {
            cand add 'Add an IAM policy from a JSON file'
            cand list 'List the IAM policies'
            cand show 'Show an IAM policy''s document'
            cand remove 'Remove an IAM policy'
            cand attach 'Attach an IAM policy to an identity'
            cand detach 'Detach an IAM policy from an identity'
        }
        &'weka;help;s3;policy;add'= {
        }
        &'weka;help;s3;policy;list'= {
        }
        &'weka;help;s3;policy;show'= {
        }
        &'weka;help;s3;policy;remove'= {
        }
        &'weka;help;s3;policy;attach'= {
        }
        &'weka;help;s3;policy;detach'= {
        }
        &'weka;help;s3;sts'= {
            cand list 'List the temporary credentials that have not expired'
            cand revoke 'Revoke temporary credentials before they expire'
        }
        &'weka;help;s3;sts;list'= {
        }
        &'weka;help;s3;sts;revoke'= {
        }
        &'weka;help;s3;bucket'= {
            cand create 'Create a bucket'
            cand list 'List the buckets'
            cand remove 'Remove a bucket'
        }
        &'weka;help;s3;bucket;create'= {
        }
        &'weka;help;s3;bucket;list'= {
        }
        &'weka;help;s3;bucket;remove'= {
        }
        &'weka;help;completions'= {
        }
        &'weka;help;help'= {
        }
    ]
    $completions[$command]
}
