package io.github.dockstart.testing.servers;

import java.security.SecureRandom;

/** Random passwords that are unique in a process list and exercise quoting. */
public final class Passwords {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LETTERS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private Passwords() {
    }

    /** Letters and digits only, for settings that are awkward to quote. */
    public static String plain() {
        StringBuilder sb = new StringBuilder("pw");
        for (int i = 0; i < 18; i++) {
            sb.append(LETTERS.charAt(RANDOM.nextInt(LETTERS.length())));
        }
        return sb.toString();
    }

    /** With quotes, a backslash, a dollar, a hash and a blank in the middle. */
    public static String tricky() {
        String p = plain();
        return p.substring(0, 8) + "'\"\\$ #:" + p.substring(8);
    }
}
