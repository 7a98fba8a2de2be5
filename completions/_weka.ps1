
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'weka' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'weka'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'weka' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Log in and out, and manage the management users')
            [CompletionResult]::new('s3', 's3', [CompletionResultType]::ParameterValue, 'Configure S3: the OIDC provider, IAM policies, temporary credentials and buckets')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'weka;user' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to weka-server and keep the session for later commands')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'End the session with the server and forget its tokens')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who you are logged in as, on which server, and where the session is stored')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a management user')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the management users')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a management user and end their sessions')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change a password: your own, or (as ClusterAdmin) another user''s')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'weka;user;login' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;user;logout' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--local', '--local', [CompletionResultType]::ParameterName, 'Only forget the local tokens; do not contact the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;user;whoami' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;user;add' {
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'The new user''s role')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'The new user''s password (at least 8 characters); asked for when not given')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;user;list' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;user;remove' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm the removal')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;user;passwd' {
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'The new password (at least 8 characters); asked for when not given')
            [CompletionResult]::new('--current-password', '--current-password', [CompletionResultType]::ParameterName, 'Your current password, needed to change your own; asked for when not given')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;user;help' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to weka-server and keep the session for later commands')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'End the session with the server and forget its tokens')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who you are logged in as, on which server, and where the session is stored')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a management user')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the management users')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a management user and end their sessions')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change a password: your own, or (as ClusterAdmin) another user''s')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'weka;user;help;login' {
            break
        }
        'weka;user;help;logout' {
            break
        }
        'weka;user;help;whoami' {
            break
        }
        'weka;user;help;add' {
            break
        }
        'weka;user;help;list' {
            break
        }
        'weka;user;help;remove' {
            break
        }
        'weka;user;help;passwd' {
            break
        }
        'weka;user;help;help' {
            break
        }
        'weka;s3' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'Cluster-wide S3 settings: the OIDC identity provider')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'IAM policies, named as the identity provider''s role values')
            [CompletionResult]::new('sts', 'sts', [CompletionResultType]::ParameterValue, 'Temporary credentials issued by the STS endpoint')
            [CompletionResult]::new('bucket', 'bucket', [CompletionResultType]::ParameterValue, 'Buckets of the S3 gateway')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'weka;s3;cluster' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('oidc', 'oidc', [CompletionResultType]::ParameterValue, 'The OIDC identity provider whose tokens the STS endpoint accepts')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'weka;s3;cluster;oidc' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Configure the OIDC identity provider')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the OIDC identity provider configuration')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change the OIDC identity provider configuration')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove the OIDC identity provider configuration')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Check what the STS would make of a token, without issuing anything')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'weka;s3;cluster;oidc;add' {
            [CompletionResult]::new('--config-url', '--config-url', [CompletionResultType]::ParameterName, 'The provider''s discovery URL (`.../.well-known/openid-configuration`)')
            [CompletionResult]::new('--claim-name', '--claim-name', [CompletionResultType]::ParameterName, 'The JWT claim that holds role values (default: roles). Set it only if your IdP uses another claim name')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'An accepted `aud` value; repeat for several. Without it any audience is accepted')
            [CompletionResult]::new('--user-claim', '--user-claim', [CompletionResultType]::ParameterName, 'The claim that names the identity policies are attached to (default: sub)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;s3;cluster;oidc;show' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;s3;cluster;oidc;update' {
            [CompletionResult]::new('--config-url', '--config-url', [CompletionResultType]::ParameterName, 'The provider''s discovery URL (`.../.well-known/openid-configuration`)')
            [CompletionResult]::new('--claim-name', '--claim-name', [CompletionResultType]::ParameterName, 'The JWT claim that holds role values')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'An accepted `aud` value; repeat for several. Replaces the current list')
            [CompletionResult]::new('--user-claim', '--user-claim', [CompletionResultType]::ParameterName, 'The claim that names the identity policies are attached to')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--clear-audiences', '--clear-audiences', [CompletionResultType]::ParameterName, 'Accept any audience (empties the list)')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;s3;cluster;oidc;remove' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm the removal')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;s3;cluster;oidc;test' {
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'The file holding the JWT; - reads it from stdin')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;s3;cluster;oidc;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Configure the OIDC identity provider')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the OIDC identity provider configuration')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change the OIDC identity provider configuration')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove the OIDC identity provider configuration')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Check what the STS would make of a token, without issuing anything')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'weka;s3;cluster;oidc;help;add' {
            break
        }
        'weka;s3;cluster;oidc;help;show' {
            break
        }
        'weka;s3;cluster;oidc;help;update' {
            break
        }
        'weka;s3;cluster;oidc;help;remove' {
            break
        }
        'weka;s3;cluster;oidc;help;test' {
            break
        }
        'weka;s3;cluster;oidc;help;help' {
            break
        }
        'weka;s3;cluster;help' {
            [CompletionResult]::new('oidc', 'oidc', [CompletionResultType]::ParameterValue, 'The OIDC identity provider whose tokens the STS endpoint accepts')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'weka;s3;cluster;help;oidc' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Configure the OIDC identity provider')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the OIDC identity provider configuration')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change the OIDC identity provider configuration')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove the OIDC identity provider configuration')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Check what the STS would make of a token, without issuing anything')
            break
        }
        'weka;s3;cluster;help;oidc;add' {
            break
        }
        'weka;s3;cluster;help;oidc;show' {
            break
        }
        'weka;s3;cluster;help;oidc;update' {
            break
        }
        'weka;s3;cluster;help;oidc;remove' {
            break
        }
        'weka;s3;cluster;help;oidc;test' {
            break
        }
        'weka;s3;cluster;help;help' {
            break
        }
        'weka;s3;policy' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an IAM policy from a JSON file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the IAM policies')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an IAM policy''s document')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an IAM policy')
            [CompletionResult]::new('attach', 'attach', [CompletionResultType]::ParameterValue, 'Attach an IAM policy to an identity')
            [CompletionResult]::new('detach', 'detach', [CompletionResultType]::ParameterValue, 'Detach an IAM policy from an identity')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'weka;s3;policy;add' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;s3;policy;list' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;s3;policy;show' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;s3;policy;remove' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm the removal')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;s3;policy;attach' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;s3;policy;detach' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;s3;policy;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an IAM policy from a JSON file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the IAM policies')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an IAM policy''s document')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an IAM policy')
            [CompletionResult]::new('attach', 'attach', [CompletionResultType]::ParameterValue, 'Attach an IAM policy to an identity')
            [CompletionResult]::new('detach', 'detach', [CompletionResultType]::ParameterValue, 'Detach an IAM policy from an identity')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'weka;s3;policy;help;add' {
            break
        }
        'weka;s3;policy;help;list' {
            break
        }
        'weka;s3;policy;help;show' {
            break
        }
        'weka;s3;policy;help;remove' {
            break
        }
        'weka;s3;policy;help;attach' {
            break
        }
        'weka;s3;policy;help;detach' {
            break
        }
        'weka;s3;policy;help;help' {
            break
        }
        'weka;s3;sts' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the temporary credentials that have not expired')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke temporary credentials before they expire')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'weka;s3;sts;list' {
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'Only the credentials issued to this subject (the token''s `sub`)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;s3;sts;revoke' {
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'Revoke all credentials issued to this subject (the token''s `sub`)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm revoking all credentials of --subject')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;s3;sts;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the temporary credentials that have not expired')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke temporary credentials before they expire')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'weka;s3;sts;help;list' {
            break
        }
        'weka;s3;sts;help;revoke' {
            break
        }
        'weka;s3;sts;help;help' {
            break
        }
        'weka;s3;bucket' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a bucket')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the buckets')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a bucket')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'weka;s3;bucket;create' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;s3;bucket;list' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;s3;bucket;remove' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Also delete the objects in the bucket')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm the removal')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;s3;bucket;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a bucket')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the buckets')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a bucket')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'weka;s3;bucket;help;create' {
            break
        }
        'weka;s3;bucket;help;list' {
            break
        }
        'weka;s3;bucket;help;remove' {
            break
        }
        'weka;s3;bucket;help;help' {
            break
        }
        'weka;s3;help' {
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'Cluster-wide S3 settings: the OIDC identity provider')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'IAM policies, named as the identity provider''s role values')
            [CompletionResult]::new('sts', 'sts', [CompletionResultType]::ParameterValue, 'Temporary credentials issued by the STS endpoint')
            [CompletionResult]::new('bucket', 'bucket', [CompletionResultType]::ParameterValue, 'Buckets of the S3 gateway')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'weka;s3;help;cluster' {
            [CompletionResult]::new('oidc', 'oidc', [CompletionResultType]::ParameterValue, 'The OIDC identity provider whose tokens the STS endpoint accepts')
            break
        }
        'weka;s3;help;cluster;oidc' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Configure the OIDC identity provider')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the OIDC identity provider configuration')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change the OIDC identity provider configuration')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove the OIDC identity provider configuration')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Check what the STS would make of a token, without issuing anything')
            break
        }
        'weka;s3;help;cluster;oidc;add' {
            break
        }
        'weka;s3;help;cluster;oidc;show' {
            break
        }
        'weka;s3;help;cluster;oidc;update' {
            break
        }
        'weka;s3;help;cluster;oidc;remove' {
            break
        }
        'weka;s3;help;cluster;oidc;test' {
            break
        }
        'weka;s3;help;policy' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an IAM policy from a JSON file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the IAM policies')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an IAM policy''s document')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an IAM policy')
            [CompletionResult]::new('attach', 'attach', [CompletionResultType]::ParameterValue, 'Attach an IAM policy to an identity')
            [CompletionResult]::new('detach', 'detach', [CompletionResultType]::ParameterValue, 'Detach an IAM policy from an identity')
            break
        }
        'weka;s3;help;policy;add' {
            break
        }
        'weka;s3;help;policy;list' {
            break
        }
        'weka;s3;help;policy;show' {
            break
        }
        'weka;s3;help;policy;remove' {
            break
        }
        'weka;s3;help;policy;attach' {
            break
        }
        'weka;s3;help;policy;detach' {
            break
        }
        'weka;s3;help;sts' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the temporary credentials that have not expired')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke temporary credentials before they expire')
            break
        }
        'weka;s3;help;sts;list' {
            break
        }
        'weka;s3;help;sts;revoke' {
            break
        }
        'weka;s3;help;bucket' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a bucket')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the buckets')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a bucket')
            break
        }
        'weka;s3;help;bucket;create' {
            break
        }
        'weka;s3;help;bucket;list' {
            break
        }
        'weka;s3;help;bucket;remove' {
            break
        }
        'weka;s3;help;help' {
            break
        }
        'weka;completions' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('--hostname', '--hostname', [CompletionResultType]::ParameterName, 'The management server''s host name or IP address')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The management API port')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust the CA certificate(s) in this PEM file besides the system''s; implies --tls')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color table headers and status words; NO_COLOR turns `auto` off')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to the server')
            [CompletionResult]::new('-T', '-T ', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer of the server')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Connect with TLS (HTTPS); needed when weka-server listens with TLS')
            [CompletionResult]::new('-J', '-J ', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results (and errors, on stderr) as JSON')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'Leave out table headers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s method and timing to stderr (never tokens or passwords)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'weka;help' {
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Log in and out, and manage the management users')
            [CompletionResult]::new('s3', 's3', [CompletionResultType]::ParameterValue, 'Configure S3: the OIDC provider, IAM policies, temporary credentials and buckets')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'weka;help;user' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to weka-server and keep the session for later commands')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'End the session with the server and forget its tokens')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who you are logged in as, on which server, and where the session is stored')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a management user')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the management users')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a management user and end their sessions')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change a password: your own, or (as ClusterAdmin) another user''s')
            break
        }
        'weka;help;user;login' {
            break
        }
        'weka;help;user;logout' {
            break
        }
        'weka;help;user;whoami' {
            break
        }
        'weka;help;user;add' {
            break
        }
        'weka;help;user;list' {
            break
        }
        'weka;help;user;remove' {
            break
        }
        'weka;help;user;passwd' {
            break
        }
        'weka;help;s3' {
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'Cluster-wide S3 settings: the OIDC identity provider')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'IAM policies, named as the identity provider''s role values')
            [CompletionResult]::new('sts', 'sts', [CompletionResultType]::ParameterValue, 'Temporary credentials issued by the STS endpoint')
            [CompletionResult]::new('bucket', 'bucket', [CompletionResultType]::ParameterValue, 'Buckets of the S3 gateway')
            break
        }
        'weka;help;s3;cluster' {
            [CompletionResult]::new('oidc', 'oidc', [CompletionResultType]::ParameterValue, 'The OIDC identity provider whose tokens the STS endpoint accepts')
            break
        }
        'weka;help;s3;cluster;oidc' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Configure the OIDC identity provider')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the OIDC identity provider configuration')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change the OIDC identity provider configuration')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove the OIDC identity provider configuration')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Check what the STS would make of a token, without issuing anything')
            break
        }
        'weka;help;s3;cluster;oidc;add' {
            break
        }
        'weka;help;s3;cluster;oidc;show' {
            break
        }
        'weka;help;s3;cluster;oidc;update' {
            break
        }
        'weka;help;s3;cluster;oidc;remove' {
            break
        }
        'weka;help;s3;cluster;oidc;test' {
            break
        }
        'weka;help;s3;policy' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an IAM policy from a JSON file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the IAM policies')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an IAM policy''s document')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an IAM policy')
            [CompletionResult]::new('attach', 'attach', [CompletionResultType]::ParameterValue, 'Attach an IAM policy to an identity')
            [CompletionResult]::new('detach', 'detach', [CompletionResultType]::ParameterValue, 'Detach an IAM policy from an identity')
            break
        }
        'weka;help;s3;policy;add' {
            break
        }
        'weka;help;s3;policy;list' {
            break
        }
        'weka;help;s3;policy;show' {
            break
        }
        'weka;help;s3;policy;remove' {
            break
        }
        'weka;help;s3;policy;attach' {
            break
        }
        'weka;help;s3;policy;detach' {
            break
        }
        'weka;help;s3;sts' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the temporary credentials that have not expired')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke temporary credentials before they expire')
            break
        }
        'weka;help;s3;sts;list' {
            break
        }
        'weka;help;s3;sts;revoke' {
            break
        }
        'weka;help;s3;bucket' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a bucket')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the buckets')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a bucket')
            break
        }
        'weka;help;s3;bucket;create' {
            break
        }
        'weka;help;s3;bucket;list' {
            break
        }
        'weka;help;s3;bucket;remove' {
            break
        }
        'weka;help;completions' {
            break
        }
        'weka;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
