import PostgresNIO

extension PostgresJournalAddress {
    /// How to reach the address's database: without TLS (the URL takes no options yet;
    /// docs/deployment.md), giving up on the TCP connection after `connectTimeout`. The journal,
    /// the lease and the venue board each open their own connection with it.
    public func connectionConfiguration(connectTimeout: TimeAmount) -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host,
            port: port,
            username: user,
            password: password,
            database: database,
            tls: .disable
        )
        configuration.options.connectTimeout = connectTimeout
        return configuration
    }
}
