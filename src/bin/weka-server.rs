fn main() -> std::process::ExitCode {
    weka::server::run()
}
