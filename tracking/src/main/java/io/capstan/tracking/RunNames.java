package io.capstan.tracking;

import io.capstan.core.IdGenerator;

import java.util.List;
import java.util.Objects;

/** Generates MLflow-style run names: {@code <adjective>-<noun>-<number>}, e.g. {@code brave-owl-123}. */
public final class RunNames {
    private static final List<String> ADJECTIVES = List.of(
            "able", "adaptable", "agreeable", "amazing", "ambitious", "auspicious", "awesome", "bedecked",
            "bemused", "blushing", "bold", "brawny", "bright", "bustling", "calm", "capable", "carefree",
            "casual", "caring", "clean", "clever", "crawling", "dapper", "delicate", "fearless", "funny",
            "gaudy", "gentle", "glamorous", "gregarious", "handsome", "honorable", "industrious", "judicious",
            "kindly", "learned", "legendary", "likeable", "loud", "luminous", "marvelous", "melodic",
            "merciful", "mercurial", "monumental", "mysterious", "nebulous", "omniscient", "orderly",
            "overjoyed", "peaceful", "polite", "placid", "popular", "powerful", "puzzled", "redolent",
            "resilient", "rogue", "rumbling", "selective", "serious", "shivering", "sincere", "skillful",
            "smiling", "sneaky", "spiffy", "stately", "suave", "thoughtful", "traveling", "trusting",
            "unequaled", "upbeat", "unique", "useful", "valuable", "victorious", "welcoming", "whimsical",
            "wise", "worried", "youthful", "zealous");
    private static final List<String> NOUNS = List.of(
            "ant", "ape", "asp", "auk", "bass", "bat", "bear", "bee", "bird", "boar", "bug", "calf", "carp",
            "cat", "chimp", "cod", "colt", "conch", "cow", "crab", "crane", "croc", "crow", "cub", "deer",
            "doe", "dog", "dolphin", "donkey", "dove", "duck", "eel", "elk", "fawn", "finch", "fish", "flea",
            "fly", "foal", "fowl", "fox", "frog", "gnat", "gnu", "goat", "goose", "grouse", "grub", "gull",
            "hare", "hawk", "hen", "hog", "horse", "hound", "jay", "kit", "kite", "koi", "lamb", "lark",
            "loon", "lynx", "mare", "midge", "mink", "mole", "moose", "moth", "mouse", "mule", "newt", "owl",
            "ox", "panda", "penguin", "perch", "pig", "pug", "quail", "ram", "rat", "ray", "robin", "roo",
            "rook", "seal", "shad", "shark", "sheep", "shoat", "shrew", "shrike", "shrimp", "skink", "skunk",
            "sloth", "slug", "smelt", "snail", "snake", "snipe", "sow", "sponge", "squid", "squirrel", "stag",
            "steed", "stoat", "stork", "swan", "tern", "toad", "trout", "turtle", "vole", "wasp", "whale",
            "wolf", "worm", "wren", "yak", "zebra");

    private final IdGenerator ids;

    public RunNames(IdGenerator ids) {
        this.ids = Objects.requireNonNull(ids, "ids is null");
    }

    /** The longest name MLflow's client and server generate. */
    public static final int MAX_LENGTH = 20;

    /**
     * A new random name of at most {@link #MAX_LENGTH} characters, as MLflow makes them: up to ten draws
     * of {@code <adjective>-<noun>-<0..1000>} for one short enough, else the last draw cut to length.
     */
    public String next() {
        String name = draw();
        for (int i = 1; i < 10 && name.length() > MAX_LENGTH; i++) {
            name = draw();
        }
        return name.length() <= MAX_LENGTH ? name : name.substring(0, MAX_LENGTH);
    }

    private String draw() {
        return ADJECTIVES.get(ids.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(ids.nextInt(NOUNS.size()))
                + "-" + ids.nextInt(1001);
    }
}
