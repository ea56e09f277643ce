"""Real-world-shaped CSV files and a scikit-learn reference on exactly tabreg's split.

Usage:
    python3 Benchmarks/realdata.py generate DIR      # writes cars.csv, credit.csv, bikes.csv
    python3 Benchmarks/realdata.py sklearn DIR       # test MSE of Ridge and MLPRegressor pipelines

The files are synthetic (seeded) but shaped like what users bring: a car-prices table with a free
text `name` column, a credit table with an `ID` index column, space-padded categories and blanks,
and a bike-sharing export with every field quoted, CRLF line ends, month and weekday names, and
two columns (`casual`, `registered`) that add up to the target and must be dropped.

The scikit-learn side uses the same test rows as `tabreg train --seed 1 --test-fraction 0.2`:
rows with a missing target dropped first, then tabreg's SplitMix64 Fisher-Yates permutation
(re-implemented below), the first ceil(0.2 n) rows of it for testing. Its pipeline is what a
careful scikit-learn user writes: strip text, SimpleImputer(median, add_indicator=True) +
StandardScaler for numbers, SimpleImputer(constant) + OneHotEncoder(handle_unknown="ignore")
for text; MLPRegressor(200, 100), Adam lr 0.001, batch 50, 300 epochs, alpha 0, target
standardized (TransformedTargetRegressor), as tabreg's --scale-target.
"""
import csv
import math
import os
import random
import sys

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def next_int_below(self, bound):
        product = self.next() * bound
        low = product & MASK
        if low < bound:
            threshold = ((1 << 64) - bound) % bound
            while low < threshold:
                product = self.next() * bound
                low = product & MASK
        return product >> 64

    def permutation(self, count):
        indices = list(range(count))
        index = count - 1
        while index > 0:
            other = self.next_int_below(index + 1)
            indices[index], indices[other] = indices[other], indices[index]
            index -= 1
        return indices


def tabreg_split(count, test_fraction=0.2, seed=1):
    order = SplitMix64(seed).permutation(count)
    test_count = math.ceil(test_fraction * count)
    return sorted(order[test_count:]), sorted(order[:test_count])


# ---------------------------------------------------------------------------------------------
# Data sets

def cars(path, rng, rows=2400):
    brands = {"Maruti": 1.0, "Hyundai": 1.2, "Honda": 1.5, "Toyota": 1.8, "Tata": 0.9,
              "Mahindra": 1.3, "Ford": 1.25, "BMW": 4.0, "Audi": 3.6, "Renault": 1.0}
    models = ["Swift", "i20", "City", "Innova", "Nexon", "XUV500", "EcoSport", "X1", "A4", "Kwid"]
    fuels = {"Petrol": 1.0, "Diesel": 1.15, "CNG": 0.85, "LPG": 0.8}
    owners = {"First Owner": 1.0, "Second Owner": 0.85, "Third Owner": 0.75,
              "Fourth & Above Owner": 0.65, "Test Drive Car": 1.1}
    with open(path, "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["name", "brand", "year", "km_driven", "fuel", "seller_type",
                         "transmission", "owner", "mileage", "engine", "selling_price"])
        for i in range(rows):
            brand = rng.choice(list(brands))
            year = rng.randint(2003, 2020)
            km = int(rng.lognormvariate(10.8, 0.6))
            fuel = rng.choices(list(fuels), [50, 45, 3, 2])[0]
            seller = rng.choice(["Individual", "Dealer", "Trustmark Dealer"])
            transmission = "Automatic" if rng.random() < (0.6 if brands[brand] > 3 else 0.12) \
                else "Manual"
            owner = rng.choices(list(owners), [60, 25, 8, 4, 3])[0]
            engine = rng.choice([796, 998, 1197, 1248, 1498, 1995, 2179, 2494])
            mileage = round(rng.gauss(19, 3.5) - engine / 1000, 2)
            price = (350000 * brands[brand] * fuels[fuel] * owners[owner]
                     * (1.1 if transmission == "Automatic" else 1.0)
                     * (0.88 ** (2020 - year)) * (1 + engine / 4000)
                     * math.exp(-km / 400000) * math.exp(rng.gauss(0, 0.12)))
            name = f"{brand} {rng.choice(models)} {rng.choice(['LXi', 'VXi', 'ZXi', 'Sportz', 'Asta', 'SX', 'Titanium'])} {year} #{i}"
            writer.writerow([name, brand, year, km, fuel, seller, transmission, owner,
                             "" if rng.random() < 0.03 else mileage,
                             "" if rng.random() < 0.02 else engine, round(price, -3)])


def credit(path, rng, rows=3000):
    educations = {"graduate school": 1.4, "university": 1.15, "high school": 0.9, "others": 1.0}
    with open(path, "w", newline="") as out:
        out.write("ID,LIMIT_BAL,SEX,EDUCATION,MARRIAGE,AGE,PAY_0,BILL_AMT1,PAY_AMT1,BILL_NEXT\n")
        for i in range(rows):
            sex = rng.choice(["male", "female"])
            education = rng.choices(list(educations), [35, 47, 16, 2])[0]
            marriage = rng.choice(["married", "single", "other"])
            age = rng.randint(21, 70)
            limit = round(rng.lognormvariate(11.6, 0.7) * educations[education], -4)
            pay0 = rng.choice([-2, -1, 0, 0, 0, 1, 2])
            bill1 = max(0, round(limit * rng.uniform(0.0, 0.9)))
            payment = round(bill1 * rng.uniform(0, 0.3))
            next_bill = (bill1 - payment) * (1.0 + 0.02 * pay0) + 0.05 * limit * rng.random() \
                + (1500 if marriage == "married" else 0) + 40 * (age - 40) \
                + rng.gauss(0, 4000)
            pad = lambda text: rng.choice(["", " ", "  "]) + text + rng.choice(["", " "])
            age_text = "NA" if rng.random() < 0.04 else str(age)
            education_text = "" if rng.random() < 0.02 else pad(education)
            target = "" if rng.random() < 0.01 else f"{next_bill:.0f}"
            out.write(f"{i + 1},{limit:.0f},{pad(sex)},{education_text},{pad(marriage)},"
                      f"{age_text},{pay0},{bill1},{payment},{target}\n")


def bikes(path, rng, rows=2200):
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    seasons = {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring",
               6: "summer", 7: "summer", 8: "summer", 9: "fall", 10: "fall", 11: "fall"}
    with open(path, "w", newline="") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(["instant", "season", "yr", "mnth", "hr", "weekday", "workingday",
                         "weathersit", "temp", "hum", "windspeed", "casual", "registered", "cnt"])
        for i in range(rows):
            month = rng.randint(1, 12)
            hour = rng.randint(0, 23)
            weekday = rng.randint(0, 6)
            working = 1 if weekday < 5 and rng.random() > 0.03 else 0
            weather = rng.choices(["clear", "mist", "light rain", "heavy rain"], [60, 27, 12, 1])[0]
            temp = 0.5 + 0.35 * math.sin((month - 4) / 12 * 2 * math.pi) + rng.gauss(0, 0.06)
            hum = min(1, max(0.1, rng.gauss(0.62, 0.18)))
            wind = abs(rng.gauss(0.19, 0.12))
            rush = (working and hour in (8, 17, 18)) * 2.2 + (6 <= hour <= 22) * 1.0
            base = 40 * (1 + rush) * (0.4 + temp) * (1 - 0.5 * hum) \
                * {"clear": 1, "mist": 0.85, "light rain": 0.5, "heavy rain": 0.2}[weather] \
                * (1.3 if i > rows / 2 else 1.0)
            cnt = max(1, int(base * math.exp(rng.gauss(0, 0.15))))
            casual = int(cnt * (0.35 if not working else 0.12) * rng.uniform(0.7, 1.3))
            writer.writerow([i + 1, seasons[month], 1 if i > rows / 2 else 0, months[month - 1],
                             hour, weekdays[weekday], working, weather, f"{temp:.4f}",
                             f"{hum:.3f}", f"{wind:.4f}", casual, cnt - casual, cnt])


DATASETS = {
    "cars": dict(target="selling_price", drop=["name"]),
    "credit": dict(target="BILL_NEXT", drop=[]),
    "bikes": dict(target="cnt", drop=["casual", "registered", "instant"]),
}


def generate(folder):
    os.makedirs(folder, exist_ok=True)
    cars(os.path.join(folder, "cars.csv"), random.Random(11))
    credit(os.path.join(folder, "credit.csv"), random.Random(12))
    bikes(os.path.join(folder, "bikes.csv"), random.Random(13))


def evaluate(folder):
    import numpy as np
    import pandas as pd
    from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LinearRegression, Ridge
    from sklearn.neural_network import MLPRegressor
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    for name, spec in DATASETS.items():
        frame = pd.read_csv(os.path.join(folder, f"{name}.csv"), skipinitialspace=False)
        frame = frame.drop(columns=[c for c in frame.columns if c == "ID"] + spec["drop"])
        frame = frame[frame[spec["target"]].notna()].reset_index(drop=True)
        text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
        for column in text:
            frame[column] = frame[column].str.strip()
        y = frame.pop(spec["target"]).to_numpy(float)
        train, test = tabreg_split(len(frame))
        text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
        numeric = [c for c in frame.columns if c not in text]
        prep = ColumnTransformer([
            ("num", Pipeline([("impute", SimpleImputer(strategy="median", add_indicator=True)),
                              ("scale", StandardScaler())]), numeric),
            ("cat", Pipeline([("impute", SimpleImputer(strategy="constant",
                                                       fill_value="(missing)")),
                              ("onehot", OneHotEncoder(handle_unknown="ignore"))]), text),
        ], sparse_threshold=0)
        models = {
            "ols": LinearRegression(),
            "ridge": Ridge(alpha=1.0),
            "mlp": TransformedTargetRegressor(
                regressor=MLPRegressor(hidden_layer_sizes=(200, 100), activation="relu",
                                       learning_rate_init=0.001, batch_size=50, max_iter=300,
                                       alpha=0.0, random_state=1, n_iter_no_change=300),
                transformer=StandardScaler()),
        }
        results = []
        for label, model in models.items():
            pipeline = Pipeline([("prep", prep), ("model", model)])
            pipeline.fit(frame.iloc[train], y[train])
            prediction = pipeline.predict(frame.iloc[test])
            mse = float(np.mean((prediction - y[test]) ** 2))
            results.append(f"{label} test MSE {mse:.6g}")
        print(f"{name}: {len(frame)} rows ({len(train)} train, {len(test)} test), "
              f"{len(numeric)} numeric + {len(text)} text features: " + "; ".join(results))


if __name__ == "__main__":
    command, folder = sys.argv[1], sys.argv[2]
    {"generate": generate, "sklearn": evaluate}[command](folder)
