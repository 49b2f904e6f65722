package io.junction.server;

import io.junction.config.ConfigException;

import java.nio.file.Path;

/**
 * {@code java -jar junction.jar --etc-dir DIR}: runs Junction in the foreground until it is
 * signalled to stop. {@code bin/junction run --etc-dir DIR} is the usual way to call this.
 * Exit status 2 means the configuration is invalid (the message lists every problem).
 */
public final class JunctionMain
{
    private JunctionMain() {}

    public static void main(String[] args)
    {
        Path etc = Path.of("etc");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--etc-dir") && i + 1 < args.length) {
                etc = Path.of(args[++i]);
            }
            else if (arg.startsWith("--etc-dir=")) {
                etc = Path.of(arg.substring("--etc-dir=".length()));
            }
            else {
                System.err.println("Unknown argument: " + arg + "\nUsage: junction [--etc-dir DIR]");
                System.exit(64);
            }
        }
        etc = etc.toAbsolutePath().normalize();
        JunctionServer server;
        try {
            LoggingConfig.apply(etc.resolve("log.properties"));
            server = JunctionServer.fromEtcDirectory(etc);
        }
        catch (ConfigException e) {
            System.err.println("Junction cannot start. " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            server.start();
        }
        catch (Exception e) {
            System.err.println("Junction failed to start: " + e);
            server.stop();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(server::stop));
        try {
            server.join();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
