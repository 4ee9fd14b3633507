package io.poshub.member;

import java.security.SecureRandom;
import org.springframework.stereotype.Component;

/**
 * Card numbers for new members: 10 characters from {@code 0-9A-Z} without the look-alikes 0, O, 1 and I,
 * drawn with SecureRandom (never sequential, so one card does not reveal the next). 32^10 ≈ 10^15 numbers;
 * uniqueness is the database's unique key, and a clash is drawn again.
 */
@Component
public class CardNumbers {

    static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    static final int LENGTH = 10;

    private final SecureRandom random = new SecureRandom();

    public String next() {
        char[] card = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            card[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(card);
    }
}
