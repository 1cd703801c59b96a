package dev.migrate.lock;

import java.net.InetAddress;
import java.util.UUID;

/** Describes this process for lock tables and messages: {@code pid 4182 on host web-2}. */
public final class LockOwner {

    private static final String HOST = host();

    private LockOwner() {
    }

    /** A description unique to this lock attempt. */
    public static String next() {
        return "pid " + ProcessHandle.current().pid() + " on host " + HOST + " [" + UUID.randomUUID().toString().substring(0, 8) + "]";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** The owner without its unique suffix, for messages. */
    public static String display(String owner) {
        if (owner == null) {
            return null;
        }
        int bracket = owner.lastIndexOf(" [");
        return bracket > 0 ? owner.substring(0, bracket) : owner;
    }
}
